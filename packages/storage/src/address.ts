import { isIP } from "node:net";
import { StorageError } from "./errors.js";
import type { Family } from "./types.js";

/**
 * One spelling per address, so joins between sources, samples and path_stats match:
 * IPv4 as dotted quad, IPv6 in RFC 5952 form (the WHATWG URL serializer produces exactly that).
 */
export function canonicalAddress(address: string): { address: string; family: Family } {
  const family = isIP(address);
  if (family === 4) return { address, family: 4 };
  if (family === 6) {
    const host = new URL(`http://[${address}]/`).hostname;
    return { address: host.slice(1, -1), family: 6 };
  }
  throw new StorageError("BAD_INPUT", `not an IP address: ${JSON.stringify(address)}`);
}

export function checkPrefixLength(family: Family, prefixLength: number): void {
  const max = family === 4 ? 32 : 128;
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > max) {
    throw new StorageError("BAD_INPUT", `prefix length ${prefixLength} out of range for IPv${family}`);
  }
}
