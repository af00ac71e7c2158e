export { NetError, type NetErrorCode } from "./errors.js";
export { parseIPv4Into, parseIPv6Into, parseAddressInto, parseScopedAddressInto } from "./parse.js";
export { formatIPv4, formatIPv6, formatAddress, formatAddressWords } from "./format.js";
export { type Address, type Family, parseAddress, canonicalAddress, addressFamily, scopedAddressFamily } from "./address.js";
export { type Prefix, maxPrefixLength, checkPrefixLength, parsePrefix, formatPrefix, prefixContains, maskInPlace } from "./prefix.js";
export { prefixKey, splitPrefixKey } from "./prefix-key.js";
