import { parseScopedAddressInto } from "@dnsteer/net";

/**
 * The network a client's address belongs to, for limits that count per network rather than
 * per address (TCP connections, response rate limiting): one host can hold many addresses of
 * its /24 or /56, so per-address limits are easy to dodge (BIND's RRL prefixes).
 *
 * Kept as numbers in one reused object, so the query path allocates nothing: `hi` is the first
 * 32 bits of the masked address, `lo` the next 32 (IPv6 only). IPv6 prefixes are therefore at
 * most /64, which every peer's default (/56 BIND and Knot, /64 NSD) fits.
 */
export class SourcePrefix {
  /** 4, 6, or 0 when the address did not parse. */
  family: 0 | 4 | 6 = 0;
  hi = 0;
  lo = 0;
  /** The parsed address octets (the first 4 for IPv4), for exempt-list checks. */
  readonly bytes = new Uint8Array(16);

  /** Text key (per connection, not per query: it allocates). */
  key(): string {
    return `${this.family}:${this.hi}:${this.lo}`;
  }
}

export interface PrefixLengths {
  /** IPv4 prefix length, 0 to 32. */
  v4: number;
  /** IPv6 prefix length, 0 to 64. */
  v6: number;
}

/**
 * Fill `into` with the prefix of `address` (as a socket reports it). An IPv4-mapped IPv6
 * address (::ffff:192.0.2.1, a dual-stack socket's view of an IPv4 client) counts as IPv4.
 * Returns false for text that is not an address.
 */
export function sourcePrefixOf(address: string, lengths: PrefixLengths, into: SourcePrefix): boolean {
  const b = into.bytes;
  let family = parseScopedAddressInto(address, b);
  if (family === 6 && isV4Mapped(b)) {
    b.copyWithin(0, 12, 16);
    family = 4;
  }
  into.family = family;
  if (family === 4) {
    into.hi = maskWord(word(b, 0), lengths.v4);
    into.lo = 0;
  } else if (family === 6) {
    into.hi = maskWord(word(b, 0), lengths.v6);
    into.lo = maskWord(word(b, 4), lengths.v6 - 32);
  } else {
    into.hi = 0;
    into.lo = 0;
  }
  return family !== 0;
}

function isV4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

function word(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** The top `bits` bits of a 32-bit word (bits <= 0 keeps none, >= 32 keeps all). */
function maskWord(w: number, bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return w;
  return (w & (0xffffffff << (32 - bits))) >>> 0;
}
