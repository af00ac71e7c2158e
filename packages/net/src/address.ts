import { NetError } from "./errors.js";
import { formatAddress } from "./format.js";
import { parseAddressInto, parseScopedAddressInto } from "./parse.js";
import type { Address, Family } from "./types.js";

const scratch = new Uint8Array(16);

/** Off the query path: text to an `Address`, or `NetError("BAD_ADDRESS")`. */
export function parseAddress(text: string): Address {
  const family = parseAddressInto(text, scratch);
  if (family === 0) throw new NetError("BAD_ADDRESS", `not an IP address: ${JSON.stringify(text)}`);
  return { family, bytes: scratch.slice(0, family === 4 ? 4 : 16) };
}

/**
 * One spelling per address (dotted quad, RFC 5952 IPv6), so equal addresses are equal strings:
 * "2001:DB8::0:1" and "2001:db8::1" name one resolver.
 */
export function canonicalAddress(text: string): string {
  return formatAddress(parseAddress(text).bytes);
}

/** 4, 6, or 0 when the text is neither (as node:net's isIP, without zones). */
export function addressFamily(text: string): 0 | Family {
  return parseAddressInto(text, scratch);
}

/** The same, where an IPv6 zone is allowed ("fe80::1%eth0": an address to bind or a peer's). */
export function scopedAddressFamily(text: string): 0 | Family {
  return parseScopedAddressInto(text, scratch);
}
