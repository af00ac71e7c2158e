import { appendTsig, type TsigKey, TsigKeyring, TsigRcode, tsigKey, verifyTsig } from "@dnsteer/tsig";
import { decodeMessage, type Message, MessageWriter, nameToWire, RRType, rcodeToString, rdataToText, writeRRset } from "@dnsteer/wire";
import { Transfers, zoneTransferPolicy } from "@dnsteer/xfr";
import { parseZone, ZoneSet } from "@dnsteer/zone";
import { describe, expect, it } from "vitest";
import { type Case, chainUnderTest, testCases } from "../../../test/case.js";
import { buildChain } from "../../chain.js";
import { followingMessages } from "../../core/message-stream.js";
import { createResponder } from "../../core/responder.js";
import { defaultSettings } from "../../core/settings.js";
import { createSnapshot } from "../../core/snapshot.js";

// Without transfers configured: AXFR/IXFR are never answered (NOTIMP over UDP, REFUSED over TCP).
const unconfigured: Case[] = [
  { qname: "example.test.", qtype: "AXFR", rcode: "NOTIMP", flags: "qr rd", why: "AXFR over UDP is never valid" },
  { qname: "example.test.", qtype: "IXFR", rcode: "NOTIMP", flags: "qr rd" },
  { qname: "example.test.", qtype: "AXFR", transport: "tcp", rcode: "REFUSED", flags: "qr rd" },
  { qname: "example.test.", qtype: "IXFR", transport: "tcp", rcode: "REFUSED", flags: "qr rd" },
  { qname: "nowhere.test.", qtype: "AXFR", transport: "tcp", rcode: "REFUSED", flags: "qr rd", why: "outside our zones as well" },
  {
    qname: "example.test.",
    qtype: "AXFR",
    transport: "tcp",
    rd: false,
    edns: {},
    rcode: "REFUSED",
    flags: "qr",
    opt: { version: 0, udpSize: 1232 },
  },
  {
    qname: "example.test.",
    qtype: "SOA",
    transport: "tcp",
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: ["example.test. 300 IN SOA ns1.example.test. hostmaster.example.test. 2026112401 3600 600 86400 60"],
    why: "other types pass",
  },
];
describe("xfr without transfers", () => testCases(chainUnderTest(), unconfigured));

const zoneText = (serial: number, extra = "") => `$ORIGIN example.test.
$TTL 300
@    SOA ns1 hostmaster ${serial} 3600 600 86400 60
@    NS  ns1
ns1  A   192.0.2.53
www  A   192.0.2.10
${extra}`;
const V1 = parseZone(zoneText(1), { origin: "example.test." });
const V2 = parseZone(zoneText(2, "new A 192.0.2.20"), { origin: "example.test." });
const BIG = parseZone(zoneText(2, Array.from({ length: 3000 }, (_, i) => `h${i} TXT "${"x".repeat(40)}"`).join("\n")), {
  origin: "example.test.",
});

const KEY = tsigKey({ name: "xfr-key", algorithm: "hmac-sha256", secret: Buffer.from("secret-for-tests-0123456789").toString("base64") });
const OTHER = tsigKey({ name: "other-key", algorithm: "hmac-sha256", secret: Buffer.from("another secret").toString("base64") });
const keys = new TsigKeyring([KEY, OTHER]);

/** A server over `zone`, whose history holds V1 → V2 when `history` is set. */
function server(zone = V2, opts: { key?: string; history?: boolean } = {}) {
  const transfers = new Transfers(
    [zoneTransferPolicy({ origin: "example.test.", allow: ["192.0.2.0/24", "2001:db8::/32"], key: opts.key }, keys)],
    keys,
  );
  if (opts.history) transfers.afterReload(new ZoneSet([V1]), new ZoneSet([V2]));
  const snapshot = createSnapshot(new ZoneSet([zone]), defaultSettings);
  const respond = createResponder(() => snapshot, {
    chain: buildChain({ transfers }),
    onError: (e) => {
      throw e;
    },
  });
  return (q: Buffer, transport: "udp" | "tcp", from: string) => {
    const first = respond(q, transport, { address: from, port: 5353, family: from.includes(":") ? 6 : 4 });
    return first ? [first, ...(followingMessages(first) ?? [])] : [];
  };
}

function query(
  qtype: "AXFR" | "IXFR",
  opts: { serial?: number; key?: TsigKey; now?: number; qname?: string } = {},
): { msg: Buffer; mac?: Buffer } {
  const w = new MessageWriter(512);
  w.bytes(Buffer.from([0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, opts.serial === undefined ? 0 : 1, 0, 0]));
  w.bytes(nameToWire(opts.qname ?? "example.test."));
  w.u16(RRType[qtype]);
  w.u16(1);
  if (opts.serial !== undefined) {
    writeRRset(w, {
      name: "example.test.",
      type: RRType.SOA,
      class: 1,
      ttl: 0,
      rdata: [
        { mname: "ns1.example.test.", rname: "hostmaster.example.test.", serial: opts.serial, refresh: 0, retry: 0, expire: 0, minimum: 0 },
      ],
    });
  }
  const bare = Buffer.from(w.view());
  if (!opts.key) return { msg: bare };
  const s = appendTsig(bare, opts.key, { now: opts.now ?? Math.floor(Date.now() / 1000) });
  return { msg: s.message, mac: s.mac };
}

const lines = (m: Message) =>
  m.answer.map(
    (r) =>
      `${r.name} ${r.type === RRType.SOA ? `SOA ${(r.data as { serial: number }).serial}` : `${r.type} ${rdataToText(r.type, r.data)}`}`,
  );

interface Row {
  why: string;
  q: () => { msg: Buffer; mac?: Buffer };
  transport?: "udp" | "tcp";
  from?: string;
  srv?: Parameters<typeof server>;
  rcode: string;
  tsigError?: number;
  /** Answer records over all messages, SOAs shown by serial. */
  answer?: string[];
}

const AXFR_V2 = [
  "example.test. SOA 2",
  "example.test. 2 ns1.example.test.",
  "ns1.example.test. 1 192.0.2.53",
  "www.example.test. 1 192.0.2.10",
  "new.example.test. 1 192.0.2.20",
  "example.test. SOA 2",
];
const rows: Row[] = [
  { why: "AXFR from an allowed prefix", q: () => query("AXFR"), from: "192.0.2.7", rcode: "NOERROR", answer: AXFR_V2 },
  { why: "AXFR from outside the ACL is refused", q: () => query("AXFR"), from: "198.51.100.7", rcode: "REFUSED" },
  {
    why: "IPv4-mapped IPv6 source is matched as IPv4",
    q: () => query("AXFR"),
    from: "::ffff:192.0.2.7",
    rcode: "NOERROR",
    answer: AXFR_V2,
  },
  { why: "AXFR over UDP", q: () => query("AXFR"), transport: "udp", from: "192.0.2.7", rcode: "NOTIMP" },
  { why: "AXFR of a zone we do not serve", q: () => query("AXFR", { qname: "other.test." }), from: "192.0.2.7", rcode: "REFUSED" },
  {
    why: "AXFR signed with the right key",
    q: () => query("AXFR", { key: KEY }),
    from: "192.0.2.7",
    srv: [V2, { key: "xfr-key" }],
    rcode: "NOERROR",
    answer: AXFR_V2,
  },
  { why: "key required, query unsigned", q: () => query("AXFR"), from: "192.0.2.7", srv: [V2, { key: "xfr-key" }], rcode: "REFUSED" },
  {
    why: "key required, signed with another known key",
    q: () => query("AXFR", { key: OTHER }),
    from: "192.0.2.7",
    srv: [V2, { key: "xfr-key" }],
    rcode: "REFUSED",
  },
  {
    why: "wrong secret: NOTAUTH/BADSIG",
    q: () => query("AXFR", { key: { ...KEY, secret: Buffer.from("wrong") } }),
    from: "192.0.2.7",
    rcode: "RCODE9",
    tsigError: TsigRcode.BADSIG,
  },
  {
    why: "unknown key: NOTAUTH/BADKEY",
    q: () => query("AXFR", { key: { ...KEY, name: "stranger." } }),
    from: "192.0.2.7",
    rcode: "RCODE9",
    tsigError: TsigRcode.BADKEY,
  },
  {
    why: "an hour off: NOTAUTH/BADTIME",
    q: () => query("AXFR", { key: KEY, now: Math.floor(Date.now() / 1000) - 3600 }),
    from: "192.0.2.7",
    rcode: "RCODE9",
    tsigError: TsigRcode.BADTIME,
  },
  {
    why: "IXFR up to date: the SOA alone",
    q: () => query("IXFR", { serial: 2 }),
    from: "192.0.2.7",
    srv: [V2, { history: true }],
    rcode: "NOERROR",
    answer: ["example.test. SOA 2"],
  },
  {
    why: "IXFR ahead of us: the SOA alone",
    q: () => query("IXFR", { serial: 5 }),
    from: "192.0.2.7",
    srv: [V2, { history: true }],
    rcode: "NOERROR",
    answer: ["example.test. SOA 2"],
  },
  {
    why: "IXFR with history: the difference",
    q: () => query("IXFR", { serial: 1 }),
    from: "192.0.2.7",
    srv: [V2, { history: true }],
    rcode: "NOERROR",
    answer: ["example.test. SOA 2", "example.test. SOA 1", "example.test. SOA 2", "new.example.test. 1 192.0.2.20", "example.test. SOA 2"],
  },
  { why: "IXFR without history: AXFR-style", q: () => query("IXFR", { serial: 1 }), from: "192.0.2.7", rcode: "NOERROR", answer: AXFR_V2 },
  {
    why: "IXFR from a serial the history lacks: AXFR-style",
    q: () => query("IXFR", { serial: 0 }),
    from: "192.0.2.7",
    srv: [V2, { history: true }],
    rcode: "NOERROR",
    answer: AXFR_V2,
  },
  {
    why: "IXFR over UDP, behind: the SOA only (come over TCP)",
    q: () => query("IXFR", { serial: 1 }),
    transport: "udp",
    from: "192.0.2.7",
    srv: [V2, { history: true }],
    rcode: "NOERROR",
    answer: ["example.test. SOA 2"],
  },
  {
    why: "IXFR over UDP, up to date",
    q: () => query("IXFR", { serial: 2 }),
    transport: "udp",
    from: "192.0.2.7",
    rcode: "NOERROR",
    answer: ["example.test. SOA 2"],
  },
  { why: "IXFR without its SOA", q: () => query("IXFR"), from: "192.0.2.7", rcode: "FORMERR" },
  {
    why: "IXFR from outside the ACL",
    q: () => query("IXFR", { serial: 1 }),
    from: "203.0.113.9",
    srv: [V2, { history: true }],
    rcode: "REFUSED",
  },
];

describe("xfr with transfers (AXFR RFC 5936, IXFR RFC 1995, TSIG RFC 8945)", () => {
  for (const row of rows) {
    it(row.why, () => {
      const { msg, mac } = row.q();
      const replies = server(...(row.srv ?? []))(msg, row.transport ?? "tcp", row.from ?? "192.0.2.7");
      expect(replies.length).toBeGreaterThan(0);
      const decoded = replies.map((r) => decodeMessage(r));
      expect(rcodeToString(decoded[0]!.rcode)).toBe(row.rcode);
      for (const m of decoded) expect(m.id).toBe(0x1234);
      if (row.answer) expect(decoded.flatMap(lines)).toEqual(row.answer);
      else expect(decoded.flatMap((m) => m.answer)).toEqual([]);
      const tsig = decoded[0]!.additional.find((r) => r.type === 250);
      if (row.tsigError !== undefined) {
        expect(tsig, "TSIG in the error answer").toBeDefined();
        const raw = (tsig!.data as { raw: Uint8Array }).raw;
        const algEnd = raw.indexOf(0) + 1;
        const macLen = (raw[algEnd + 8]! << 8) | raw[algEnd + 9]!;
        expect((raw[algEnd + 12 + macLen]! << 8) | raw[algEnd + 13 + macLen]!).toBe(row.tsigError);
      }
      // A signed, accepted request gets every message signed, each verifiable in turn.
      if (mac && row.tsigError === undefined) {
        let prior: Uint8Array = mac;
        replies.forEach((r, i) => {
          const v = verifyTsig(r, keys, Math.floor(Date.now() / 1000), { priorMac: prior, timersOnly: i > 0 });
          expect(v.kind).toBe("ok");
          if (v.kind === "ok") prior = v.record.mac;
        });
      }
    });
  }

  it("a signed SOA query (a secondary's refresh) is answered signed; a bad MAC gets NOTAUTH", () => {
    const soaQuery = (key: TsigKey) => {
      const q = query("AXFR").msg;
      q.writeUInt16BE(RRType.SOA, q.length - 4);
      return appendTsig(q, key, { now: Math.floor(Date.now() / 1000) });
    };
    const good = soaQuery(KEY);
    const [reply] = server()(good.message, "udp", "198.51.100.1");
    expect(lines(decodeMessage(reply!))).toEqual(["example.test. SOA 2"]);
    expect(verifyTsig(reply!, keys, Math.floor(Date.now() / 1000), { priorMac: good.mac }).kind).toBe("ok");
    const [bad] = server()(soaQuery({ ...KEY, secret: Buffer.from("bad") }).message, "udp", "198.51.100.1");
    expect(decodeMessage(bad!).rcode).toBe(TsigRcode.NOTAUTH);
  });

  it("an incoming NOTIFY gets NOTIMP: dnsteer is a primary only (RFC 1996 allows it)", () => {
    const { msg } = query("AXFR");
    msg.writeUInt16BE((4 << 11) | 0x0400, 2); // opcode NOTIFY, AA
    msg.writeUInt16BE(6, msg.length - 4); // question type SOA
    const [reply] = server()(msg, "udp", "192.0.2.7");
    const m = decodeMessage(reply!);
    expect([rcodeToString(m.rcode), m.opcode, m.question.length]).toEqual(["NOTIMP", 4, 1]);
  });

  it("a big zone comes in several messages, each under 64 KiB, every one signed", () => {
    const { msg, mac } = query("AXFR", { key: KEY });
    const replies = server(BIG, { key: "xfr-key" })(msg, "tcp", "192.0.2.7");
    expect(replies.length).toBeGreaterThan(1);
    for (const r of replies) expect(r.length).toBeLessThanOrEqual(65535);
    const all = replies.flatMap((r) => decodeMessage(r).answer);
    expect(all.length).toBe(3000 + 5); // SOA, NS, 2 A, 3000 TXT, SOA
    expect(all[0]!.type).toBe(RRType.SOA);
    expect(all.at(-1)!.type).toBe(RRType.SOA);
    expect(decodeMessage(replies[1]!).question).toEqual([]); // the question only in the first
    let prior: Uint8Array = mac!;
    replies.forEach((r, i) => {
      const v = verifyTsig(r, keys, Math.floor(Date.now() / 1000), { priorMac: prior, timersOnly: i > 0 });
      expect(v.kind, `message ${i}`).toBe("ok");
      if (v.kind === "ok") prior = v.record.mac;
    });
  });
});
