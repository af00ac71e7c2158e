import { parseAddress } from "./address.js";
import { NetError } from "./errors.js";
import { formatAddress } from "./format.js";
import type { Address, Family } from "./types.js";

/** A CIDR prefix: the address with every bit past `length` zero. */
export interface Prefix extends Address {
  readonly length: number;
}

export const maxPrefixLength = (family: Family): number => (family === 4 ? 32 : 128);

/** `NetError("BAD_PREFIX_LENGTH")` unless `length` is an integer from 0 to 32 (IPv4) or 128 (IPv6). */
export function checkPrefixLength(family: Family, length: number): void {
  if (!Number.isInteger(length) || length < 0 || length > maxPrefixLength(family)) {
    throw new NetError("BAD_PREFIX_LENGTH", `prefix length ${length} out of range for IPv${family}`);
  }
}

/**
 * "192.0.2.0/24", "2001:db8::/32", or a bare address (a host prefix: /32, /128). The length
 * is plain decimal. Bits past the length are an error (`HOST_BITS_SET`: "192.0.2.1/24" is
 * more likely a typo than a wish), or with `hostBits: "clear"` zeroed (an ECS subnet).
 */
export function parsePrefix(text: string, hostBits: "reject" | "clear" = "reject"): Prefix {
  const slash = text.indexOf("/");
  const { family, bytes } = parseAddress(slash < 0 ? text : text.slice(0, slash));
  const max = maxPrefixLength(family);
  const length = slash < 0 ? max : decimalLength(text.slice(slash + 1));
  if (length < 0 || length > max) {
    throw new NetError("BAD_PREFIX_LENGTH", `bad prefix length in ${JSON.stringify(text)} (0 to ${max})`);
  }
  if (hostBits === "reject" && !isMasked(bytes, length)) {
    throw new NetError("HOST_BITS_SET", `${text} has address bits set past /${length}`);
  }
  return { family, bytes: maskInPlace(bytes, length), length };
}

/** "192.0.2.0/24": canonical address text, a slash, the length. */
export function formatPrefix(prefix: Prefix): string {
  return `${formatAddress(prefix.bytes)}/${prefix.length}`;
}

/** Whether `inner` (an address, or a prefix as long or longer) lies inside `prefix`. */
export function prefixContains(prefix: Prefix, inner: Address | Prefix): boolean {
  if (inner.family !== prefix.family) return false;
  const innerLength = "length" in inner ? inner.length : maxPrefixLength(inner.family);
  if (innerLength < prefix.length) return false;
  const whole = prefix.length >> 3;
  for (let i = 0; i < whole; i++) if (inner.bytes[i] !== prefix.bytes[i]) return false;
  const rest = prefix.length & 7;
  if (rest === 0) return true;
  const mask = (0xff00 >> rest) & 0xff;
  return (inner.bytes[whole]! & mask) === prefix.bytes[whole];
}

/** Zero the bits of `bytes` past `length`, in place (no allocation: the responder masks ECS subnets with it). */
export function maskInPlace(bytes: Uint8Array, length: number): Uint8Array {
  const whole = length >> 3;
  if (whole >= bytes.length) return bytes;
  bytes[whole]! &= (0xff00 >> (length & 7)) & 0xff;
  for (let i = whole + 1; i < bytes.length; i++) bytes[i] = 0;
  return bytes;
}

/** A prefix length written in plain decimal ("24"; not "024", "+24", "0x18"), or -1. */
export function decimalLength(text: string): number {
  return /^(0|[1-9][0-9]{0,2})$/.test(text) ? Number(text) : -1;
}

function isMasked(bytes: Uint8Array, length: number): boolean {
  const whole = length >> 3;
  if (whole >= bytes.length) return true;
  if ((bytes[whole]! & (0xff >> (length & 7))) !== 0) return false;
  for (let i = whole + 1; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}
