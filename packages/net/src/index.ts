export { addressFamily, canonicalAddress, parseAddress, scopedAddressFamily } from "./address.js";
export { NetError, type NetErrorCode } from "./errors.js";
export { formatAddress, formatAddressWords, formatIPv4, formatIPv6 } from "./format.js";
export { parseAddressInto, parseIPv4Into, parseIPv6Into, parseScopedAddressInto } from "./parse.js";
export { checkPrefixLength, formatPrefix, maskInPlace, maxPrefixLength, type Prefix, parsePrefix, prefixContains } from "./prefix.js";
export { prefixKey, splitPrefixKey } from "./prefix-key.js";
export type { Address, Family } from "./types.js";
