import { decodeMessage } from "@dnsteer/wire";
import { buildQuery, opt } from "@dnsteer/wire/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DnsServer } from "../src/index.js";
import { frame, loopback, tcpExchange, timeUntilClosed, udpExchange } from "./client.js";
import { header } from "./header.js";
import { testZones } from "./zone-fixture.js";

/**
 * Every row of the FACTS bad-input table, over real sockets, each followed by a good query
 * that must still be answered: bad input never takes the server down or changes what it serves.
 */
let server: DnsServer;
let port: number;
/** The UDP port of the server the current UDP rows run against. */
let udpPort: number;

beforeAll(async () => {
  server = new DnsServer({
    listen: [{ address: "127.0.0.1", port: 0 }],
    loadZones: () => testZones(),
    settings: { tcp: { idleTimeoutMs: 400, messageTimeoutMs: 200, maxConnections: 4 } },
    udp: { mode: "batch" },
  });
  await server.start();
  port = server.ports()[0]!.port;
});
afterAll(() => server.stop());

const good = buildQuery({ id: 0x4242, name: "www.example.test." });

async function stillAnswers(): Promise<void> {
  const r = await udpExchange(udpPort, good);
  expect(r, "the good query after the bad one was not answered").not.toBeNull();
  expect(header(r!)).toMatchObject({ id: 0x4242, rcode: 0, aa: true, ancount: 1 });
}

const pointerLoopRecord = Buffer.from([0xc0, 34, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]); // name points at itself (offset 34)
const pointerPastEnd = Buffer.from([0xc0, 0xff, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]);
const label40 = Buffer.concat([Buffer.alloc(12), Buffer.from([0x40, 0, 0, 1, 0, 1])]);
label40.writeUInt16BE(1, 4);
const longName = Buffer.concat([
  buildQuery({ qdcount: 0 }),
  ...Array(5).fill(Buffer.from([63, ...Array(63).fill(97)])),
  Buffer.from([0, 0, 1, 0, 1]),
]);
longName.writeUInt16BE(1, 4);
const ecs = (family: number, source: number, scope: number, addr: number[]) => [0, family, source, scope, ...addr];

type Expect = "drop" | { rcode: number; qdcount?: number; rd?: boolean; tc?: boolean; ancount?: number };
const udpRows: Array<[string, Buffer, Expect]> = [
  ["shorter than 12 bytes", Buffer.alloc(11, 1), "drop"],
  ["QR=1", buildQuery({ flags: 0x8100 }), "drop"],
  ["truncated question", buildQuery().subarray(0, 25), { rcode: 1, qdcount: 0 }],
  ["counts larger than the data", buildQuery({ ancount: 3 }), { rcode: 1 }],
  ["pointer loop", buildQuery({ tail: pointerLoopRecord, arcount: 1 }), { rcode: 1 }],
  ["pointer past the end", buildQuery({ tail: pointerPastEnd, arcount: 1 }), { rcode: 1 }],
  ["label type 0x40", label40, { rcode: 1 }],
  ["name longer than 255 octets", longName, { rcode: 1 }],
  ["QDCOUNT=0", buildQuery({ qdcount: 0 }), { rcode: 1, qdcount: 0 }],
  ["QDCOUNT=2", buildQuery({ qdcount: 2 }), { rcode: 1 }],
  ["opcode STATUS with RD", buildQuery({ flags: 0x1100 }), { rcode: 4, rd: false, tc: false }],
  ["opcode UPDATE", buildQuery({ flags: 0x2800 }), { rcode: 4, rd: false }],
  ["name outside served zones", buildQuery({ name: "www.example.com." }), { rcode: 5, qdcount: 1 }],
  ["unknown class (HS)", buildQuery({ qclass: 4 }), { rcode: 5, qdcount: 1 }],
  ["CHAOS version.bind (hidden by default)", buildQuery({ name: "version.bind.", qtype: 16, qclass: 3 }), { rcode: 5 }],
  ["AXFR over UDP", buildQuery({ name: "example.test.", qtype: 252 }), { rcode: 4 }],
  ["IXFR over UDP", buildQuery({ name: "example.test.", qtype: 251 }), { rcode: 4 }],
  ["two OPT records", buildQuery({ tail: Buffer.concat([opt(), opt()]), arcount: 2 }), { rcode: 1 }],
  ["OPT owner not root", buildQuery({ tail: opt([], 1232, 0, false, [1, 0x61, 0]) }), { rcode: 1 }],
  ["OPT length overrun", buildQuery({ tail: opt([[3, []]]).subarray(0, 13) }), { rcode: 1 }],
  ["ECS source prefix too long", buildQuery({ tail: opt([[8, ecs(1, 33, 0, [1, 2, 3, 4, 5])]]) }), { rcode: 1 }],
  ["ECS extra address octets", buildQuery({ tail: opt([[8, ecs(1, 8, 0, [192, 0])]]) }), { rcode: 1 }],
  ["ECS bits past the prefix", buildQuery({ tail: opt([[8, ecs(1, 23, 0, [192, 0, 3])]]) }), { rcode: 1 }],
  ["ECS scope not 0 in a query", buildQuery({ tail: opt([[8, ecs(1, 24, 16, [192, 0, 2])]]) }), { rcode: 1 }],
  ["COOKIE shorter than 8", buildQuery({ tail: opt([[10, Array(7).fill(1)]]) }), { rcode: 1 }],
  ["COOKIE of 12 octets", buildQuery({ tail: opt([[10, Array(12).fill(1)]]) }), { rcode: 1 }],
  ["COOKIE longer than 40", buildQuery({ tail: opt([[10, Array(41).fill(1)]]) }), { rcode: 1 }],
];

// On both UDP paths: the batch addon (whose fast lane answers the good query after the first
// time) and node:dgram, the fallback.
describe.each(["batch", "dgram"] as const)("bad input over UDP (%s), each followed by a good query", (mode) => {
  let dgram: DnsServer | undefined;
  beforeAll(async () => {
    if (mode === "batch") {
      udpPort = port;
      return;
    }
    dgram = new DnsServer({ listen: [{ address: "127.0.0.1", port: 0 }], loadZones: () => testZones(), udp: { mode: "dgram" } });
    await dgram.start();
    udpPort = dgram.ports()[0]!.port;
  });
  afterAll(() => dgram?.stop());

  it(`runs on the ${mode} path`, () => {
    expect((mode === "batch" ? server : dgram!).udpChoice()?.transport).toBe(mode);
  });

  for (const [label, msg, expected] of udpRows) {
    it(label, async () => {
      const r = await udpExchange(udpPort, msg, expected === "drop" ? 300 : 1000);
      if (expected === "drop") expect(r).toBeNull();
      else {
        expect(r).not.toBeNull();
        expect(header(r!)).toMatchObject({ qr: true, ...expected });
      }
      await stillAnswers();
    });
  }

  it("ANY over UDP: one RRset (RFC 8482)", async () => {
    const m = decodeMessage((await udpExchange(udpPort, buildQuery({ qtype: 255 })))!);
    expect(m.rcode).toBe(0);
    expect(new Set(m.answer.map((r) => r.type)).size).toBe(1);
    await stillAnswers();
  });

  it("EDNS version 1: BADVERS, OPT version 0, no answer", async () => {
    const m = decodeMessage((await udpExchange(udpPort, buildQuery({ tail: opt([], 1232, 1) })))!);
    expect(m.rcode).toBe(16);
    expect(m.edns?.version).toBe(0);
    expect(m.answer).toHaveLength(0);
    await stillAnswers();
  });

  it("unknown EDNS option: ignored, never echoed", async () => {
    const m = decodeMessage((await udpExchange(udpPort, buildQuery({ tail: opt([[65001, [1, 2, 3]]]) })))!);
    expect(m.rcode).toBe(0);
    expect(m.answer).toHaveLength(1);
    expect(m.edns?.options).toEqual([]);
  });

  it("valid ECS is echoed with a scope", async () => {
    const m = decodeMessage((await udpExchange(udpPort, buildQuery({ tail: opt([[8, ecs(1, 24, 0, [198, 51, 100])]]) })))!);
    expect(m.edns?.clientSubnet).toMatchObject({ family: 1, sourcePrefix: 24, scopePrefix: 0 });
    expect(Array.from(m.edns!.clientSubnet!.address)).toEqual([198, 51, 100]);
  });

  it("EDNS UDP size below 512 is treated as 512; oversize answers set TC and fit the buffer", async () => {
    const small = (await udpExchange(udpPort, buildQuery({ name: "big.example.test.", qtype: 16, tail: opt([], 100) })))!;
    expect(header(small)).toMatchObject({ tc: true, rcode: 0 });
    expect(small.length).toBeLessThanOrEqual(512);
    const plain = (await udpExchange(udpPort, buildQuery({ name: "big.example.test.", qtype: 16 })))!;
    expect(header(plain).tc).toBe(true);
    expect(plain.length).toBeLessThanOrEqual(512);
    const [full] = await tcpExchange(loopback(udpPort), [frame(buildQuery({ name: "big.example.test.", qtype: 16 }))], 1);
    expect(header(full!)).toMatchObject({ tc: false, ancount: 3 });
    await stillAnswers();
  });
});

describe("TCP (RFC 7766)", () => {
  beforeAll(() => {
    udpPort = port; // stillAnswers asks the main server
  });

  it("answers two queries sent in one write", async () => {
    const both = Buffer.concat([frame(buildQuery({ id: 1 })), frame(buildQuery({ id: 2, qtype: 28 }))]);
    const replies = await tcpExchange(loopback(port), [both], 2);
    expect(replies.map((r) => header(r).id)).toEqual([1, 2]);
  });

  it("answers a query split across writes", async () => {
    const f = frame(buildQuery({ id: 7 }));
    const replies = await tcpExchange(loopback(port), [f.subarray(0, 1), f.subarray(1, 9), f.subarray(9)], 1);
    expect(header(replies[0]!).id).toBe(7);
  });

  it("closes an idle connection after the idle timeout", async () => {
    const ms = await timeUntilClosed(port, new Uint8Array(0), 5000);
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(5000);
    await stillAnswers();
  });

  it("closes a connection whose message stays half-sent", async () => {
    const ms = await timeUntilClosed(port, frame(good).subarray(0, 10), 5000);
    expect(ms).toBeLessThan(5000);
    await stillAnswers();
  });

  it("at the cap the least recently active connection goes, and the new client is answered", async () => {
    const { connect } = await import("node:net");
    const closed: number[] = [];
    const open = await Promise.all(
      Array.from(
        { length: 4 },
        (_, i) =>
          new Promise<import("node:net").Socket>((resolve) => {
            const s = connect(port, "127.0.0.1", () => resolve(s));
            s.on("error", () => {});
            s.on("close", () => closed.push(i));
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    const [r] = await tcpExchange(loopback(port), [frame(good)], 1, 1000);
    expect(header(r!).id).toBe(0x4242);
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toEqual([0]); // the first opened, idle the longest
    open.forEach((s) => s.destroy());
  });

  it("AXFR over TCP is refused (no transfers configured)", async () => {
    const [r] = await tcpExchange(loopback(port), [frame(buildQuery({ name: "example.test.", qtype: 252 }))], 1);
    expect(header(r!).rcode).toBe(5);
  });
});
