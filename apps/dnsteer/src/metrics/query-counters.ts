import type { QueryTally, SteeredAnswerCounts, Transport } from "@dnsteer/server";
import type { FlowFigures } from "../threads/specs.js";

/** Query types counted by name; every other one is counted as "other". */
export const QTYPES = [
  "A",
  "NS",
  "CNAME",
  "SOA",
  "PTR",
  "MX",
  "TXT",
  "AAAA",
  "SRV",
  "DS",
  "DNSKEY",
  "HTTPS",
  "SVCB",
  "ANY",
  "AXFR",
  "IXFR",
  "CAA",
  "other",
] as const;
const QTYPE_CODES = [1, 2, 5, 6, 12, 15, 16, 28, 33, 43, 48, 65, 64, 255, 252, 251, 257];
/** RCODEs 0-15 by name (RFC 6895), and "dropped" for queries answered with silence. */
export const RCODES = [
  "NOERROR",
  "FORMERR",
  "SERVFAIL",
  "NXDOMAIN",
  "NOTIMP",
  "REFUSED",
  "YXDOMAIN",
  "YXRRSET",
  "NXRRSET",
  "NOTAUTH",
  "NOTZONE",
  "DSOTYPENI",
  "RCODE12",
  "RCODE13",
  "RCODE14",
  "RCODE15",
  "dropped",
] as const;
export const TRANSPORTS = ["udp", "tcp"] as const;
export const FAMILIES = ["4", "6"] as const;

const Q = QTYPES.length;
const R = RCODES.length;

/**
 * The responder's query counts by transport, family, query type and rcode: one Float64Array
 * cell incremented per query (no prom-client call, no allocation); /metrics reads the array
 * when scraped. The server's tally (DnsServerOptions.tally): it sees every reply of the chain
 * and of the batch path's fast lane (queries the pre-parser drops or answers FORMERR/NOTIMP
 * itself are not counted).
 */
export class QueryCounters implements QueryTally {
  readonly counts = new Float64Array(TRANSPORTS.length * FAMILIES.length * Q * R);
  /** The flow table's figures as serve's flow thread last sent them, when steering is on (read at scrape). */
  flow: FlowFigures | undefined;
  /** The steer handler's answers per provider, when steering is on (read at scrape). */
  steered: SteeredAnswerCounts | undefined;
  /** qtype code -> bucket index, for codes below 512 (others are "other"). */
  private readonly bucketOf = new Uint8Array(512).fill(Q - 1);

  constructor() {
    QTYPE_CODES.forEach((code, i) => (this.bucketOf[code] = i));
  }

  count(transport: Transport, family: 4 | 6, qtype: number, rcode: number): void {
    const bucket = qtype < 512 ? this.bucketOf[qtype]! : Q - 1;
    const t = transport === "udp" ? 0 : 1;
    const f = family === 4 ? 0 : 1;
    this.counts[((t * FAMILIES.length + f) * Q + bucket) * R + (rcode < 0 ? R - 1 : rcode)]!++;
  }

  /** Each non-zero cell with its labels (scrape time only). */
  forEach(fn: (transport: string, family: string, qtype: string, rcode: string, count: number) => void): void {
    for (let i = 0; i < this.counts.length; i++) {
      const n = this.counts[i]!;
      if (n === 0) continue;
      const rcode = i % R;
      const qtype = Math.floor(i / R) % Q;
      const family = Math.floor(i / (R * Q)) % FAMILIES.length;
      const transport = Math.floor(i / (R * Q * FAMILIES.length));
      fn(TRANSPORTS[transport]!, FAMILIES[family]!, QTYPES[qtype]!, RCODES[rcode]!, n);
    }
  }
}
