import { decodeMessage, rdataFromText, WireError } from "@dnsteer/wire";
import { buildQuery, opt, tok } from "@dnsteer/wire/testing";
import { Packet } from "dns2";
import { describe, expect, it } from "vitest";
import { checkReDecodes } from "../src/dns2/re-decode-guard.js";
import { type Dns2PacketInput, decodeWithDns2, dns2ResponseTo, encodeWithDns2 } from "../src/index.js";

// Each test shows the gap in bare dns2 (FACTS "dns2 3.1.1, measured") next to the adapter's fix.

const COOKIE = 10;
const NSID = 3;
const ECS = 8;
const question = { name: "www.example.test", type: 1, class: 1 };

/** The same message through bare dns2: a real Packet, encoded by its own toBuffer. */
function bareDns2(input: Dns2PacketInput): Buffer {
  const p = new Packet();
  p.header = new Packet.Header(input.header);
  p.questions = input.questions as Packet["questions"];
  p.answers = (input.answers ?? []) as Packet["answers"];
  p.additionals = (input.additionals ?? []) as Packet["additionals"];
  return p.toBuffer();
}

function thrown(f: () => unknown): WireError {
  try {
    f();
  } catch (e) {
    if (e instanceof WireError) return e;
    throw e;
  }
  throw new Error("expected a WireError");
}

describe("encodeWithDns2: TXT", () => {
  it("splits a 300-octet string into 255-octet character-strings; bare dns2 corrupts the message", () => {
    const input = () => ({
      header: { id: 7, qr: 1 as const },
      questions: [question],
      answers: [
        { name: "www.example.test", type: 16, class: 1, ttl: 60, data: ["x".repeat(300)] },
        { name: "www.example.test", type: 1, class: 1, ttl: 60, address: "192.0.2.1" },
      ],
    });
    expect(() => decodeMessage(bareDns2(input()))).toThrow(WireError);
    const m = decodeWithDns2(encodeWithDns2(input()));
    expect(m.answers[0]!.data).toEqual(["x".repeat(255), "x".repeat(45)]);
    expect(m.answers[1]!.address).toBe("192.0.2.1");
  });
});

describe("encodeWithDns2: OPT", () => {
  const withOpt = (rdata: object[]) => ({
    header: { id: 9, rd: 1 as const },
    questions: [question],
    additionals: [Packet.Resource.EDNS(rdata, { udpPayloadSize: 1232, doFlag: true }) as never],
  });

  it("keeps COOKIE and NSID, which bare dns2 drops", () => {
    const cookie = { ednsCode: COOKIE, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
    const nsid = { ednsCode: NSID, data: new Uint8Array(0) };
    expect(decodeMessage(bareDns2(withOpt([nsid, cookie]))).edns!.options).toEqual([]);
    const edns = decodeMessage(encodeWithDns2(withOpt([nsid, cookie]))).edns!;
    expect(edns.options.map((o) => o.code)).toEqual([NSID, COOKIE]);
    expect([...edns.cookie!.client]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(edns.nsidRequested).toBe(true);
    expect(edns.dnssecOk).toBe(true);
    expect(edns.udpSize).toBe(1232);
  });

  it("writes an IPv6 ECS with family 2, where dns2's own ECS() says family 1 and garbles it", () => {
    const ecs = Packet.Resource.EDNS.ECS("2001:db8:1:2::/48");
    expect(ecs.family).toBe(1);
    const bare = decodeMessage(bareDns2(withOpt([ecs]))).edns!;
    expect(bare.clientSubnet?.family ?? 1).toBe(1);
    const edns = decodeMessage(encodeWithDns2(withOpt([ecs]))).edns!;
    expect(edns.clientSubnet).toMatchObject({ family: 2, sourcePrefix: 48, scopePrefix: 0 });
    expect([...edns.clientSubnet!.address]).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 1]);
  });

  it("zeroes ECS bits past the prefix, which bare dns2 sends", () => {
    const ecs = { ednsCode: ECS, family: 1, sourcePrefixLength: 22, scopePrefixLength: 0, ip: "10.1.7.255" };
    const bare = bareDns2(withOpt([ecs]));
    expect([...bare.subarray(bare.length - 3)]).toEqual([10, 1, 7]);
    const ours = encodeWithDns2(withOpt([ecs]));
    expect([...ours.subarray(ours.length - 3)]).toEqual([10, 1, 4]);
  });

  it("echoes OPT in a response, which dns2's createResponseFromRequest leaves out", () => {
    const request = decodeWithDns2(
      buildQuery({
        tail: opt(
          [
            [NSID, []],
            [ECS, [0, 2, 56, 0, 0x20, 1, 0xd, 0xb8, 0, 1, 2]],
            [COOKIE, Array(8).fill(5)],
          ],
          4096,
          0,
          true,
        ),
      }),
    );
    expect(Packet.createResponseFromRequest(request).additionals).toEqual([]);
    const response = dns2ResponseTo(request, { ecsScope: 48, serverCookie: Uint8Array.from(Array(8).fill(9)), nsid: Buffer.from("ns1") });
    response.answers.push({ name: "www.example.test", type: 1, class: 1, ttl: 60, address: "192.0.2.1" } as never);
    const m = decodeWithDns2(encodeWithDns2(response));
    expect(m.header.qr).toBe(1);
    expect(m.edns).toMatchObject({ udpSize: 1232, dnssecOk: true });
    expect(m.edns!.options.map((o) => o.code)).toEqual([NSID, ECS, COOKIE]);
    expect(m.edns!.clientSubnet).toMatchObject({ family: 2, sourcePrefix: 56, scopePrefix: 48 });
    expect([...m.edns!.cookie!.client, ...m.edns!.cookie!.server!]).toEqual([...Array(8).fill(5), ...Array(8).fill(9)]);
  });

  it("puts an rcode above 15 in the OPT, and refuses one without an OPT instead of sending its low bits", () => {
    const m = decodeWithDns2(encodeWithDns2({ ...withOpt([]), header: { id: 9, qr: 1, rcode: 16 } }));
    expect(m.header.rcode).toBe(16);
    expect(thrown(() => encodeWithDns2({ header: { qr: 1, rcode: 16 }, questions: [question] })).code).toBe("BAD_RDATA");
  });

  it("re-encodes a decoded message byte for byte, options and all", () => {
    const msg = buildQuery({
      tail: opt(
        [
          [COOKIE, Array(24).fill(3)],
          [65001, [1, 2, 3]],
          [ECS, [0, 1, 24, 0, 198, 51, 100]],
        ],
        1400,
        0,
        true,
      ),
    });
    expect(encodeWithDns2(decodeWithDns2(msg))).toEqual(msg);
  });
});

describe("encodeWithDns2: types dns2 cannot encode", () => {
  const rec = (type: number, text: string) => ({
    name: "www.example.test",
    type,
    class: 1,
    ttl: 300,
    typed: rdataFromText(type, tok(text), "example.test."),
  });

  it("writes DNAME and HTTPS from our typed rdata; bare dns2 writes an empty RDATA", () => {
    const input = () => ({
      header: { qr: 1 as const },
      questions: [question],
      answers: [rec(39, "target.other."), rec(65, "1 . alpn=h2 port=8443")],
    });
    expect(() => decodeMessage(bareDns2(input()))).toThrow(WireError);
    const m = decodeWithDns2(encodeWithDns2(input()));
    expect(m.answers.map((r) => r.typed)).toEqual(input().answers.map((r) => r.typed));
  });

  it("fails loudly for such a type with neither typed rdata nor raw bytes", () => {
    const e = thrown(() =>
      encodeWithDns2({ header: {}, questions: [question], answers: [{ name: "x.test", type: 39, class: 1, ttl: 1 }] }),
    );
    expect(e.message).toMatch(/cannot encode/);
  });

  it("fails loudly for an EDNS option with no bytes, which bare dns2 drops silently", () => {
    const e = thrown(() =>
      encodeWithDns2({ header: {}, questions: [question], additionals: [Packet.Resource.EDNS([{ ednsCode: 12 }]) as never] }),
    );
    expect(e.message).toMatch(/option 12/);
  });
});

describe("re-decode guard", () => {
  it("catches a corruption that still decodes: bare dns2 turns 256 NULs into 257 empty strings", () => {
    const input = {
      header: { qr: 1 as const },
      questions: [question],
      answers: [{ name: "www.example.test", type: 16, class: 1, ttl: 60, data: [Buffer.alloc(256)] }],
    };
    const bare = bareDns2(input);
    expect((decodeMessage(bare).answer[0]!.data as { strings: Uint8Array[] }).strings).toHaveLength(257);
    expect(thrown(() => checkReDecodes(bare, input)).message).toMatch(/TXT record "www.example.test" text changed/);
    expect(() => checkReDecodes(encodeWithDns2(input), input)).not.toThrow();
  });

  it("catches a record dns2 left out and a message that does not decode", () => {
    const input = { header: {}, questions: [question], answers: [{ name: "a.test", type: 1, class: 1, ttl: 1, address: "192.0.2.1" }] };
    expect(thrown(() => checkReDecodes(bareDns2({ ...input, answers: [] }), input)).message).toMatch(/answers: 0 records, expected 1/);
    expect(thrown(() => checkReDecodes(bareDns2(input).subarray(0, 30), input)).message).toMatch(/TRUNCATED/);
  });
});
