import type { PrefixLengths } from "./source-prefix.js";

/**
 * Response rate limiting on UDP (the BIND/Knot model): responses per second to one source
 * prefix, by kind of response (and for answers, per name and type: "identical responses"),
 * with a debt that lasts up to `windowSeconds`; past the rate a response is dropped, except
 * every `slip`-th, which goes out as an empty TC=1 reply so a real client retries over TCP.
 */
export interface RrlSettings {
  enabled: boolean;
  /** Answers and NODATA, per source prefix, name and type. */
  responsesPerSecond: number;
  /** NXDOMAIN, per source prefix (random names would each have a bucket otherwise). */
  nxdomainsPerSecond: number;
  /** Referrals, per source prefix. */
  referralsPerSecond: number;
  /** Errors (REFUSED, SERVFAIL, FORMERR, BADVERS, ...), per source prefix. */
  errorsPerSecond: number;
  /** Every slip-th limited response goes out truncated (TC=1) instead of dropped; 0 never, 1 always. */
  slip: number;
  /** How long a source's excess is remembered: the debt is capped at rate x window. */
  windowSeconds: number;
  /** What one source is (IPv6 at most /64). */
  prefix: PrefixLengths;
  /** Buckets in the table (fixed memory, ~22 octets each); the least recently used of a few candidates is reused. */
  tableSize: number;
  /** Sources never limited ("192.0.2.0/24", "2001:db8::/32"). */
  exempt: readonly string[];
  /** Count and log what would be limited, but send every response. */
  logOnly: boolean;
}

/**
 * Peers' defaults: BIND slip 2, window 15 s, /24 and /56; Knot rate 50, slip 1, table 393241;
 * NSD 200/s, slip 2. Off unless turned on, as in BIND and Knot (a rate suits a site's traffic:
 * a busy resolver farm in one /24 asks more than a test does); once on, Knot's rate with
 * BIND's slip and window. Loopback is exempt (it cannot be spoofed from outside, and local
 * tools and benchmarks query from it).
 */
export const defaultRrlSettings: RrlSettings = {
  enabled: false,
  responsesPerSecond: 50,
  nxdomainsPerSecond: 50,
  referralsPerSecond: 50,
  errorsPerSecond: 50,
  slip: 2,
  windowSeconds: 15,
  prefix: { v4: 24, v6: 56 },
  tableSize: 393_241,
  exempt: ["127.0.0.0/8", "::1/128"],
  logOnly: false,
};
