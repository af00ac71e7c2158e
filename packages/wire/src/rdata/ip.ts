import { parseIPv4Into, parseIPv6Into } from "@dnsteer/net";
import { WireError } from "../errors.js";

/** A/ipv4hint text to 4 octets; what @dnsteer/net does not accept is BAD_RDATA naming the field. */
export function ipv4ToBytes(text: string, field: string): Uint8Array {
  const out = new Uint8Array(4);
  if (!parseIPv4Into(text, out)) throw new WireError("BAD_RDATA", `${field}: "${text}" is not an IPv4 address`);
  return out;
}

/** AAAA/ipv6hint text to 16 octets (no zone: a zone means nothing in RDATA). */
export function ipv6ToBytes(text: string, field: string): Uint8Array {
  const out = new Uint8Array(16);
  if (!parseIPv6Into(text, out)) throw new WireError("BAD_RDATA", `${field}: "${text}" is not an IPv6 address`);
  return out;
}
