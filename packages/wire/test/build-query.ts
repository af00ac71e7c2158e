import { nameToWire, parseName } from "../src/name.js";

/** Test helper: hand-built query bytes, so bad input can be built exactly. */
export interface QuerySpec {
  id?: number;
  flags?: number;
  name?: string;
  /** Raw question name bytes, for names parseName would refuse. */
  qnameWire?: Uint8Array;
  qtype?: number;
  qclass?: number;
  qdcount?: number;
  /** Raw bytes appended after the question (records), with the counts below. */
  tail?: Uint8Array;
  ancount?: number;
  nscount?: number;
  arcount?: number;
}

export function buildQuery(spec: QuerySpec = {}): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(spec.id ?? 0x1234, 0);
  header.writeUInt16BE(spec.flags ?? 0x0100, 2);
  header.writeUInt16BE(spec.qdcount ?? 1, 4);
  header.writeUInt16BE(spec.ancount ?? 0, 6);
  header.writeUInt16BE(spec.nscount ?? 0, 8);
  header.writeUInt16BE(spec.arcount ?? (spec.tail ? 1 : 0), 10);
  const question =
    spec.qdcount === 0
      ? Buffer.alloc(0)
      : Buffer.concat([
          Buffer.from(spec.qnameWire ?? nameToWire(parseName(spec.name ?? "www.example.test."))),
          Buffer.from([(spec.qtype ?? 1) >> 8, (spec.qtype ?? 1) & 0xff, (spec.qclass ?? 1) >> 8, (spec.qclass ?? 1) & 0xff]),
        ]);
  return Buffer.concat([header, question, spec.tail ?? Buffer.alloc(0)]);
}

/** An OPT record: udp size, version, DO, and options as [code, bytes] pairs. */
export function opt(
  options: Array<[number, number[] | Uint8Array]> = [],
  udpSize = 1232,
  version = 0,
  dnssecOk = false,
  owner = [0],
): Buffer {
  const body = Buffer.concat(
    options.map(([code, data]) => {
      const b = Buffer.alloc(4 + data.length);
      b.writeUInt16BE(code, 0);
      b.writeUInt16BE(data.length, 2);
      Buffer.from(data).copy(b, 4);
      return b;
    }),
  );
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(41, 0);
  fixed.writeUInt16BE(udpSize, 2);
  fixed[5] = version;
  fixed[6] = dnssecOk ? 0x80 : 0;
  fixed.writeUInt16BE(body.length, 8);
  return Buffer.concat([Buffer.from(owner), fixed, body]);
}
