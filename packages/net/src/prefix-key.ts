import { NetError } from "./errors.js";
import { decimalLength } from "./prefix.js";

/**
 * The text key of a prefix, "192.0.2.0/24": how decisions, sources and path statistics are
 * matched up in maps. The address is taken as given (canonical where it came from the store).
 */
export function prefixKey(address: string, prefixLength: number): string {
  return `${address}/${prefixLength}`;
}

/** The inverse of `prefixKey`: the address text and the length, split at the last "/". */
export function splitPrefixKey(key: string): [address: string, prefixLength: number] {
  const slash = key.lastIndexOf("/");
  if (slash <= 0) throw new NetError("BAD_ADDRESS", `not an address/length key: ${JSON.stringify(key)}`);
  const prefixLength = decimalLength(key.slice(slash + 1));
  if (prefixLength < 0) throw new NetError("BAD_PREFIX_LENGTH", `bad prefix length in ${JSON.stringify(key)}`);
  return [key.slice(0, slash), prefixLength];
}
