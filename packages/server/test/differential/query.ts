import { labelToBytes } from "@dnsteer/wire";

/** What a generated query exercises; the report groups results by it. */
export type Category =
  | "apex"
  | "exact"
  | "missing-type"
  | "case"
  | "nxdomain"
  | "ent"
  | "wildcard"
  | "delegation"
  | "cname"
  | "dname"
  | "any"
  | "out-of-zone"
  | "class"
  | "edns-extras";

export interface GeneratedQuery {
  category: Category;
  /** Presentation name exactly as sent (case preserved, trailing dot). */
  name: string;
  type: number;
  qclass?: number;
  rd: boolean;
  /** EDNS with bufsize 1232 unless false; `options` are raw (code, data) pairs; `dnssecOk` sets DO. */
  edns: false | { options?: Array<[number, Uint8Array]>; dnssecOk?: boolean };
  transport: "udp" | "tcp";
  opcode?: number;
}

/** Wire bytes of `q` with message id `id`. Hand-built so the query's name case is byte-exact. */
export function encodeQuery(q: GeneratedQuery, id: number): Buffer {
  const flags = ((q.opcode ?? 0) << 11) | (q.rd ? 0x0100 : 0);
  const parts: Buffer[] = [Buffer.from([id >> 8, id & 0xff, flags >> 8, flags & 0xff, 0, 1, 0, 0, 0, 0, 0, q.edns ? 1 : 0])];
  for (const label of q.name
    .replace(/\.$/, "")
    .split(/(?<!\\)\./)
    .filter((l) => l !== "")) {
    const bytes = labelToBytes(label);
    parts.push(Buffer.from([bytes.length, ...bytes]));
  }
  const cls = q.qclass ?? 1;
  parts.push(Buffer.from([0, q.type >> 8, q.type & 0xff, cls >> 8, cls & 0xff]));
  if (q.edns) {
    const opts = Buffer.concat(
      (q.edns.options ?? []).map(([code, data]) => Buffer.concat([u16(code), u16(data.length), Buffer.from(data)])),
    );
    parts.push(Buffer.from([0, 0, 41, 1232 >> 8, 1232 & 0xff, 0, 0, q.edns.dnssecOk ? 0x80 : 0, 0]), u16(opts.length), opts);
  }
  return Buffer.concat(parts);
}

function u16(v: number): Buffer {
  return Buffer.from([v >> 8, v & 0xff]);
}

/** One line naming the query, as dig would show it, for reports. */
export function describeQuery(q: GeneratedQuery): string {
  const bits = [q.transport.toUpperCase(), q.edns ? "edns" : "noedns", q.rd ? "+rd" : "+nord"];
  if (q.opcode) bits.push(`opcode=${q.opcode}`);
  const edns = q.edns || undefined;
  if (edns?.dnssecOk) bits.push("+do");
  if (edns?.options?.length) bits.push(`opts=${edns.options.map(([c, d]) => `${c}:${Buffer.from(d).toString("hex")}`).join(",")}`);
  const cls = q.qclass && q.qclass !== 1 ? ` CLASS${q.qclass}` : "";
  return `${q.name}${cls} ${typeLabel(q.type)} [${bits.join(" ")}]`;
}

const typeLabels: Record<number, string> = {
  1: "A",
  2: "NS",
  5: "CNAME",
  6: "SOA",
  12: "PTR",
  13: "HINFO",
  15: "MX",
  16: "TXT",
  28: "AAAA",
  33: "SRV",
  35: "NAPTR",
  39: "DNAME",
  43: "DS",
  48: "DNSKEY",
  64: "SVCB",
  65: "HTTPS",
  255: "ANY",
  257: "CAA",
};
export function typeLabel(t: number): string {
  return typeLabels[t] ?? `TYPE${t}`;
}
