import dgram from "node:dgram";
import { buildQuery, opt } from "@dnsteer/wire/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DnsServer } from "../src/index.js";
import { udpExchange } from "./client.js";
import { header } from "./header.js";
import { UdpFixture } from "./udp-fixture.js";

/**
 * The batch transport (packages/udp) against node:dgram over real sockets: the same bytes out
 * for every query of a table (truncation, EDNS sizes, ECS, steering, bad input), and answers
 * that leave from the address the query was sent to.
 */
const fixture = new UdpFixture();
let batch: { server: DnsServer; port: number };
let plain: { server: DnsServer; port: number };

beforeAll(async () => {
  batch = await fixture.server("batch");
  plain = await fixture.server("dgram");
});
afterAll(() => fixture.close());

const ecs = (family: number, source: number, addr: number[]) => [0, family, source, 0, ...addr];
const rows: Array<[string, Buffer]> = [
  ["A", buildQuery({ id: 1 })],
  ["AAAA", buildQuery({ id: 2, qtype: 28 })],
  ["MX with additional A", buildQuery({ id: 3, qtype: 15 })],
  ["NXDOMAIN", buildQuery({ id: 4, name: "nope.example.test." })],
  ["NODATA", buildQuery({ id: 5, qtype: 33 })],
  ["outside served zones: REFUSED", buildQuery({ id: 6, name: "www.example.com." })],
  ["large TXT without EDNS: TC", buildQuery({ id: 7, name: "big.example.test.", qtype: 16 })],
  ["large TXT, EDNS 512: TC", buildQuery({ id: 8, name: "big.example.test.", qtype: 16, tail: opt([], 512) })],
  ["large TXT, EDNS 1232: TC", buildQuery({ id: 9, name: "big.example.test.", qtype: 16, tail: opt([], 1232) })],
  ["large TXT, EDNS 4096: whole", buildQuery({ id: 10, name: "big.example.test.", qtype: 16, tail: opt([], 4096) })],
  ["EDNS size < 512 treated as 512", buildQuery({ id: 11, name: "big.example.test.", qtype: 16, tail: opt([], 100) })],
  ["DO bit echoed", buildQuery({ id: 12, tail: opt([], 1232, 0, true) })],
  ["NSID", buildQuery({ id: 13, tail: opt([[3, []]]) })],
  ["ECS on a zone name: scope 0", buildQuery({ id: 14, tail: opt([[8, ecs(1, 24, [192, 0, 2])]]) })],
  ["steered, by the resolver's address (127/8 -> p2)", buildQuery({ id: 15, name: "app.example.test." })],
  ["steered, ECS 10.1.2.0/24 -> p2", buildQuery({ id: 16, name: "app.example.test.", tail: opt([[8, ecs(1, 24, [10, 1, 2])]]) })],
  ["steered, ECS 192.0.2.0/24 -> default p1", buildQuery({ id: 17, name: "app.example.test.", tail: opt([[8, ecs(1, 24, [192, 0, 2])]]) })],
  ["steered AAAA", buildQuery({ id: 18, name: "app.example.test.", qtype: 28, tail: opt([[8, ecs(1, 24, [192, 0, 2])]]) })],
  ["truncated question: FORMERR", buildQuery({ id: 19 }).subarray(0, 25)],
  ["QDCOUNT=2: FORMERR", buildQuery({ id: 20, qdcount: 2 })],
  ["counts larger than the data: FORMERR", buildQuery({ id: 21, ancount: 3 })],
  ["ECS bits past the prefix: FORMERR", buildQuery({ id: 22, tail: opt([[8, ecs(1, 23, [192, 0, 3])]]) })],
  ["two OPT records: FORMERR", buildQuery({ id: 23, tail: Buffer.concat([opt(), opt()]), arcount: 2 })],
  ["opcode UPDATE: NOTIMP", buildQuery({ id: 24, flags: 0x2800 })],
  ["EDNS version 1: BADVERS", buildQuery({ id: 25, tail: opt([], 1232, 1) })],
  ["AXFR over UDP", buildQuery({ id: 26, name: "example.test.", qtype: 252 })],
  ["ANY: one RRset", buildQuery({ id: 27, qtype: 255 })],
  ["unknown class: REFUSED", buildQuery({ id: 28, qclass: 4 })],
];

describe("batch and node:dgram answer byte for byte alike", () => {
  it.each(rows)("%s", async (_label, query) => {
    const [a, b] = await Promise.all([udpExchange(batch.port, query), udpExchange(plain.port, query)]);
    expect(a, "no answer on the batch transport").not.toBeNull();
    expect(b, "no answer on node:dgram").not.toBeNull();
    expect(a!.equals(b!)).toBe(true);
  });

  it("asked again, the batch side's fast lane answers from templates, still byte for byte alike", async () => {
    const fastBefore = (await batch.server.udpStats())[0]!.fastLane;
    for (const [label, query] of rows) {
      const [a, b] = await Promise.all([udpExchange(batch.port, query), udpExchange(plain.port, query)]);
      expect(a !== null && b !== null && a.equals(b), label).toBe(true);
    }
    const fast = (await batch.server.udpStats())[0]!.fastLane - fastBefore;
    // A, AAAA, MX, NXDOMAIN, NODATA, whole 4096 TXT, DO, NSID, ECS, steered by address and by
    // two ECS subnets, steered AAAA; not: REFUSED, TC, FORMERR, NOTIMP, BADVERS, AXFR, ANY, class.
    expect(fast).toBe(13);
    expect((await plain.server.udpStats())[0]!.fastLane).toBe(0);
  });

  it("the table covers what it says: TC, whole 4096 answer, FORMERR, steered p2", async () => {
    const tc = (await udpExchange(batch.port, rows[7]![1]))!;
    expect(header(tc).tc).toBe(true);
    const whole = (await udpExchange(batch.port, rows[9]![1]))!;
    expect(header(whole)).toMatchObject({ tc: false, ancount: 3 });
    expect(whole.length).toBeGreaterThan(1232);
    expect(header((await udpExchange(batch.port, rows[18]![1]))!).rcode).toBe(1);
    const steered = (await udpExchange(batch.port, rows[14]![1]))!;
    expect([...steered.subarray(steered.length - 4)]).toEqual([198, 51, 100, 80]);
  });

  it("QR=1 and short datagrams: dropped by both", async () => {
    for (const query of [buildQuery({ flags: 0x8100 }), Buffer.alloc(11, 1)]) {
      const [a, b] = await Promise.all([udpExchange(batch.port, query, 300), udpExchange(plain.port, query, 300)]);
      expect(a).toBeNull();
      expect(b).toBeNull();
    }
  });

  it("counts what it answered", async () => {
    const [stats] = await batch.server.udpStats();
    expect(stats!.worker).toBe(0);
    expect(stats!.received).toBeGreaterThanOrEqual(rows.length);
    expect(stats!.answered).toBeGreaterThanOrEqual(rows.length);
    expect(batch.server.udpChoice()).toMatchObject({ transport: "batch", workers: 1 });
    expect(plain.server.udpChoice()).toMatchObject({ transport: "dgram", reason: 'server.udp is "dgram"' });
  });
});

/** One query from `from` to `to`; resolves with the address the answer came from. */
function answeredFrom(port: number, to: string, from: string): Promise<string | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket("udp4");
    const timer = setTimeout(() => {
      s.close();
      resolve(null);
    }, 1000);
    s.on("message", (_m, rinfo) => {
      clearTimeout(timer);
      s.close();
      resolve(rinfo.address);
    });
    s.bind(0, from, () => s.send(buildQuery(), port, to));
  });
}

describe("a wildcard socket answers from the address each query was sent to (IP_PKTINFO)", () => {
  let wildBatch: number;
  let wildDgram: number;
  beforeAll(async () => {
    wildBatch = (await fixture.server("batch", 1, "0.0.0.0")).port;
    wildDgram = (await fixture.server("dgram", 1, "0.0.0.0")).port;
  });

  it.each(["127.0.0.2", "127.0.0.3", "127.0.0.1"])("batch: a query to %s is answered from it", async (to) => {
    expect(await answeredFrom(wildBatch, to, "127.0.0.1")).toBe(to);
  });

  it("node:dgram on a wildcard cannot: its answer to 127.0.0.2 leaves from the route's source (why dgram binds each address)", async () => {
    expect(await answeredFrom(wildDgram, "127.0.0.2", "127.0.0.1")).toBe("127.0.0.1");
  });
});

describe("IPv6 (::1): batch and node:dgram alike", () => {
  let batch6: number;
  let plain6: number;
  beforeAll(async () => {
    batch6 = (await fixture.server("batch", 1, "::1")).port;
    plain6 = (await fixture.server("dgram", 1, "::1")).port;
  });

  it.each(rows.slice(0, 18))("%s", async (_label, query) => {
    const [a, b] = await Promise.all([udpExchange(batch6, query, 1000, "::1"), udpExchange(plain6, query, 1000, "::1")]);
    expect(a, "no answer on the batch transport").not.toBeNull();
    expect(a!.equals(b!)).toBe(true);
  });
});
