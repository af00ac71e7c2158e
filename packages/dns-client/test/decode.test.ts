import { encodeResponse, parseQuery, type Query, type RRsetLike, rdataFromText, WireError } from "@dnsteer/wire";
import { buildQuery, opt, tok } from "@dnsteer/wire/testing";
import { Packet } from "dns2";
import { describe, expect, it } from "vitest";
import { type Dns2OptRecord, decodeWithDns2 } from "../src/index.js";

// Each test shows the gap in bare dns2 (FACTS "dns2 3.1.1, measured") next to the adapter's fix.

const COOKIE = 10;
const NSID = 3;
const ECS = 8;

/** A message whose second record's owner is a chain of `hops` backward pointers (inside the first record's rdata). */
function pointerChain(hops: number): Buffer {
  const header = Buffer.from([0, 1, 0x81, 0, 0, 0, 0, 2, 0, 0, 0, 0]);
  const first = Buffer.from([0, 0xff, 0xfe, 0, 1, 0, 0, 0, 0, (hops * 2) >> 8, (hops * 2) & 0xff]);
  const chain = Buffer.alloc(hops * 2);
  const chainAt = 12 + first.length;
  for (let i = 0; i < hops; i++) chain.writeUInt16BE(0xc000 | (i === 0 ? 12 : chainAt + 2 * (i - 1)), 2 * i);
  const second = Buffer.from([
    0xc0 | ((chainAt + 2 * (hops - 1)) >> 8),
    (chainAt + 2 * (hops - 1)) & 0xff,
    0,
    1,
    0,
    1,
    0,
    0,
    0,
    60,
    0,
    4,
    192,
    0,
    2,
    1,
  ]);
  return Buffer.concat([header, first, chain, second]);
}

function expectWireError(f: () => unknown, code: string): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(WireError);
  expect((caught as WireError).code).toBe(code);
}

const optOf = (m: { additionals: unknown[] }) =>
  m.additionals.find((r) => (r as { type: number }).type === 41) as Dns2OptRecord | undefined;

describe("decodeWithDns2: malformed input never reaches dns2", () => {
  it("rejects a compression pointer chain that bare dns2 follows to the end", () => {
    // Bare dns2 follows all 200 hops without complaint (and 32k hops take seconds).
    const bare = Packet.parse(pointerChain(200));
    expect(bare.errors).toEqual([]);
    expect(bare.answers[1]!.address).toBe("192.0.2.1");
    expectWireError(() => decodeWithDns2(pointerChain(200)), "BAD_POINTER");
    // A ~64 KB chain: rejected after 128 hops, before dns2 is called.
    expectWireError(() => decodeWithDns2(pointerChain(32_000)), "BAD_POINTER");
  });

  it("rejects counts the message does not hold, where bare dns2 returns a partial packet", () => {
    const msg = buildQuery({ ancount: 3, arcount: 0 });
    const bare = Packet.parse(msg);
    expect(bare.errors.length).toBeGreaterThan(0);
    expect(bare.questions).toHaveLength(1);
    expectWireError(() => decodeWithDns2(msg), "TRUNCATED");
  });

  it("rejects a cut-off message and an EDNS option that overruns its OPT", () => {
    const msg = buildQuery({ tail: opt([[COOKIE, Array(8).fill(1)]]) });
    expectWireError(() => decodeWithDns2(msg.subarray(0, msg.length - 3)), "TRUNCATED");
    const overrun = Buffer.from(msg);
    overrun.writeUInt16BE(40, msg.length - 8 - 2); // COOKIE says 40 octets, 8 follow
    expectWireError(() => decodeWithDns2(overrun), "TRUNCATED");
  });
});

describe("decodeWithDns2: EDNS repaired from our parse", () => {
  it("keeps COOKIE and NSID, which bare dns2 drops", () => {
    const client = [1, 2, 3, 4, 5, 6, 7, 8];
    const msg = buildQuery({
      tail: opt([
        [NSID, []],
        [COOKIE, client],
        [ECS, [0, 1, 24, 0, 192, 0, 2]],
      ]),
    });
    expect(optOf(Packet.parse(msg))!.rdata!.map((o) => o.ednsCode)).toEqual([ECS]);
    const m = decodeWithDns2(msg);
    expect(optOf(m)!.rdata.map((o) => o.ednsCode)).toEqual([NSID, COOKIE, ECS]);
    expect(optOf(m)!.rdata[1]).toEqual({ ednsCode: COOKIE, data: Uint8Array.from(client) });
    expect([...m.edns!.cookie!.client]).toEqual(client);
    expect(m.edns!.nsidRequested).toBe(true);
  });

  it("reads an IPv6 ECS whose address ends the message, where bare dns2 loses the whole OPT", () => {
    const msg = buildQuery({ tail: opt([[ECS, [0, 2, 40, 0, 0x20, 0x01, 0x0d, 0xb8, 0xff]]], 1232, 0, true) });
    const bare = Packet.parse(msg);
    expect(optOf(bare)).toBeUndefined();
    expect(bare.errors).toHaveLength(1);
    const m = decodeWithDns2(msg);
    expect(m.errors).toEqual([]);
    const o = optOf(m)!;
    expect(o.doFlag).toBe(true);
    expect(o.class).toBe(1232);
    expect(o.rdata).toEqual([{ ednsCode: ECS, family: 2, sourcePrefixLength: 40, scopePrefixLength: 0, ip: "2001:db8:ff00::" }]);
    expect(m.edns!.clientSubnet).toMatchObject({ family: 2, sourcePrefix: 40 });
  });

  it("rejects ECS bits past the prefix, which bare dns2 passes on", () => {
    const msg = buildQuery({ tail: opt([[ECS, [0, 1, 22, 0, 10, 1, 7]]]) });
    expect((optOf(Packet.parse(msg))!.rdata![0] as { ip: string }).ip).toBe("10.1.7.0");
    expectWireError(() => decodeWithDns2(msg), "BAD_RDATA");
  });

  it("accepts a response's ECS scope and NSID data, and sets the full rcode", () => {
    const tail = opt([
      [NSID, [0x6e, 0x73]],
      [ECS, [0, 1, 24, 16, 192, 0, 2]],
    ]);
    tail[1 + 4] = 1; // extended rcode 1 in the OPT TTL: with header rcode 0, rcode 16 (BADVERS)
    const msg = buildQuery({ flags: 0x8000, tail });
    const m = decodeWithDns2(msg);
    expect(m.header.rcode).toBe(16);
    expect(m.edns!.clientSubnet).toMatchObject({ sourcePrefix: 24, scopePrefix: 16 });
    expect(optOf(m)!.rdata[0]).toEqual({ ednsCode: NSID, data: Uint8Array.from([0x6e, 0x73]) });
  });
});

describe("decodeWithDns2: types dns2 has no codec for", () => {
  // buildQuery's `name` is canonical (lowercase); raw bytes keep the case dns2 should report.
  const mixedCase = Buffer.from("\x03Svc\x07Example\x04Test\x00", "latin1");
  const request = buildQuery({ qnameWire: mixedCase });
  const query = parseQuery(request) as Query;
  const rrset = (type: number, text: string): RRsetLike => ({
    name: "svc.example.test.",
    type,
    class: 1,
    ttl: 300,
    rdata: [rdataFromText(type, tok(text), "example.test.")],
  });

  it("attaches our DNAME, HTTPS, SVCB and NAPTR rdata where dns2 has raw bytes", () => {
    const answer = [
      rrset(39, "target.other."),
      rrset(65, '1 . alpn="h2,h3" port=8443'),
      rrset(64, "0 svc2.example.test."),
      rrset(35, '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.test!" .'),
    ];
    const msg = encodeResponse(request, query, { rcode: 0, aa: true, answer, authority: [], additional: [] }, 4096);
    const bare = Packet.parse(msg);
    expect(bare.answers[0]!.data).toBeInstanceOf(Buffer);
    expect(bare.answers[0]!.target).toBeUndefined();
    const m = decodeWithDns2(msg);
    expect(m.answers.map((r) => r.typed)).toEqual(answer.map((s) => s.rdata[0]));
    expect(m.answers[0]!.typed).toEqual({ target: "target.other." });
    expect(m.answers.map((r) => [r.owner, r.name])).toEqual(answer.map(() => ["svc.example.test.", "Svc.Example.Test"]));
  });
});
