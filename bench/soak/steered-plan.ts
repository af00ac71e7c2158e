/**
 * The steered load's plan (what the run hands the generator in the resolvers namespace) and
 * the two wire helpers it needs. Pure: no I/O.
 */
export interface SteeredPlan {
  qname: string;
  qps: number;
  /** Each resolver address with its configured delay per provider (ms): the testbed's truth. */
  resolvers: Array<{ v4: string; delays: Record<string, number> }>;
  /** Each provider: its address (queried, port 53) and the service address answered when it is chosen. */
  providers: Array<{ name: string; v4: string; service: string }>;
}

/** An A query for `name` (id 0, RD off, no EDNS). */
export function aQuery(name: string): Uint8Array {
  const labels = name
    .replace(/\.$/, "")
    .split(".")
    .flatMap((l) => [l.length, ...Buffer.from(l, "ascii")]);
  return Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1]);
}

/** Skips a (possibly compressed) name at `at`; returns the offset after it, or -1 past the end. */
function skipName(m: Uint8Array, at: number): number {
  while (at < m.length) {
    const len = m[at]!;
    if (len === 0) return at + 1;
    if ((len & 0xc0) === 0xc0) return at + 2;
    at += 1 + len;
  }
  return -1;
}

/** The address of the first A record in a NOERROR response's answer section, else null. */
export function answeredA(m: Uint8Array): string | null {
  if (m.length < 12 || (m[3]! & 0x0f) !== 0) return null;
  const qd = (m[4]! << 8) | m[5]!;
  const an = (m[6]! << 8) | m[7]!;
  let at = 12;
  for (let i = 0; i < qd && at >= 0; i++) at = skipName(m, at) + 4;
  for (let i = 0; i < an && at >= 0 && at < m.length; i++) {
    at = skipName(m, at);
    if (at < 0 || at + 10 > m.length) return null;
    const type = (m[at]! << 8) | m[at + 1]!;
    const rdlen = (m[at + 8]! << 8) | m[at + 9]!;
    at += 10;
    if (type === 1 && rdlen === 4 && at + 4 <= m.length) return `${m[at]}.${m[at + 1]}.${m[at + 2]}.${m[at + 3]}`;
    at += rdlen;
  }
  return null;
}
