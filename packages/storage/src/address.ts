import { checkPrefixLength as checkLength, formatAddress, NetError, parseAddress } from "@dnsteer/net";
import { StorageError } from "./errors.js";
import type { Family } from "./types.js";

/**
 * One spelling per address, so joins between sources, samples and path_stats match: IPv4 as
 * dotted quad, IPv6 in RFC 5952 form (@dnsteer/net). Anything else is `BAD_INPUT`.
 */
export function canonicalAddress(address: string): { address: string; family: Family } {
  const { family, bytes } = asBadInput(() => parseAddress(address));
  return { address: formatAddress(bytes), family };
}

export function checkPrefixLength(family: Family, prefixLength: number): void {
  asBadInput(() => checkLength(family, prefixLength));
}

/** An address or length that does not parse is the caller's bad input: the store's error, net's message. */
function asBadInput<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof NetError) throw new StorageError("BAD_INPUT", e.message, { cause: e });
    throw e;
  }
}
