import dgram from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAddress } from "@dnsteer/net";
import { decodeMessage } from "@dnsteer/wire";
import { buildQuery, opt } from "@dnsteer/wire/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningKnot, startKnot } from "../../../fixtures/peers/knot.js";
import { DnsServer } from "../src/index.js";
import { madeWith } from "../src/plugins/cookies/server-cookie.js";
import { sipKey } from "../src/plugins/cookies/siphash.js";
import { udpExchange } from "./client.js";
import { header } from "./header.js";
import { TEST_ZONE, testZones } from "./zone-fixture.js";

/**
 * The pre-parser's own replies (FORMERR, NOTIMP) carry our server cookie when the query's OPT
 * parsed whole, exactly as the chain's answers do, and a valid server cookie exempts them from
 * RRL as it exempts answers. Real UDP; the cookie is checked against the configured secret.
 */
const SECRET = "e5e973e5a6b2a43f48e7dc849e37bfcf";
const CLIENT = "2464c4abcf10c957";
const ERRORS = 20; // above the handful of error replies the cases below ask for from 127.0.0.1

let server: DnsServer;
let port: number;
let knot: RunningKnot;
const dir = mkdtempSync(join(tmpdir(), "dnsteer-cookie-problem-"));

beforeAll(async () => {
  server = new DnsServer({
    listen: [{ address: "127.0.0.1", port: 0 }],
    loadZones: () => testZones(),
    settings: {
      cookies: { secrets: [SECRET] },
      rrl: { enabled: true, errorsPerSecond: ERRORS, slip: 2, windowSeconds: 15, exempt: [] },
    },
  });
  await server.start();
  port = server.ports()[0]!.port;
  const zone = join(dir, "example.test.zone");
  writeFileSync(zone, TEST_ZONE);
  knot = await startKnot({ zones: [{ origin: "example.test.", file: zone }], cookieSecret: SECRET });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await knot?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const cookieOption = (hex: string): [number, Uint8Array] => [10, Buffer.from(hex, "hex")];
const STATUS = 2 << 11;
const IQUERY = 1 << 11;

/** The bad queries: what the pre-parser answers and whether that reply has an OPT and our cookie. */
const cases: Array<{ name: string; query: (cookie: string) => Buffer; rcode: number; opt: boolean; cookie: boolean }> = [
  {
    name: "opcode STATUS with a client cookie: NOTIMP with our cookie",
    query: (c) => buildQuery({ flags: STATUS, tail: opt([cookieOption(c)]) }),
    rcode: 4,
    opt: true,
    cookie: true,
  },
  {
    name: "opcode IQUERY with a client cookie: NOTIMP with our cookie",
    query: (c) => buildQuery({ flags: IQUERY, tail: opt([cookieOption(c)]) }),
    rcode: 4,
    opt: true,
    cookie: true,
  },
  {
    name: "trailing data after a good OPT with a client cookie: FORMERR with our cookie",
    query: (c) => Buffer.concat([buildQuery({ tail: opt([cookieOption(c)]) }), Buffer.from([0, 0, 0])]),
    rcode: 1,
    opt: true,
    cookie: true,
  },
  {
    name: "an OPT whose ECS option is malformed, after a good cookie: FORMERR, bare OPT, no cookie",
    query: (c) => buildQuery({ tail: opt([cookieOption(c), [8, [0, 3, 24, 0]]]) }),
    rcode: 1,
    opt: true,
    cookie: false,
  },
  {
    name: "a malformed COOKIE option (5 octets): FORMERR, no cookie (RFC 7873 5.2.2)",
    query: () => buildQuery({ tail: opt([[10, [1, 2, 3, 4, 5]]]) }),
    rcode: 1,
    opt: true,
    cookie: false,
  },
  {
    name: "two questions with a cookie (the OPT is never reached): FORMERR without OPT",
    query: (c) => buildQuery({ qdcount: 2, tail: opt([cookieOption(c)]) }),
    rcode: 1,
    opt: false,
    cookie: false,
  },
  {
    name: "opcode STATUS with an OPT but no cookie: NOTIMP with a bare OPT",
    query: () => buildQuery({ flags: STATUS, tail: opt() }),
    rcode: 4,
    opt: true,
    cookie: false,
  },
];

/** The COOKIE option of a reply as hex (client | server), or undefined. */
function cookieOf(reply: Buffer): string | undefined {
  const c = decodeMessage(reply).edns?.cookie;
  return c ? Buffer.concat([c.client, c.server ?? new Uint8Array(0)]).toString("hex") : undefined;
}

/** Whether `server` (hex) is a cookie made with SECRET for CLIENT at 127.0.0.1. */
function verifies(serverCookie: string): boolean {
  return madeWith(
    sipKey(Buffer.from(SECRET, "hex")),
    Buffer.from(CLIENT, "hex"),
    Buffer.from(serverCookie, "hex"),
    parseAddress("127.0.0.1").bytes,
  );
}

describe("cookies in the pre-parser's replies", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const reply = (await udpExchange(port, c.query(CLIENT), 2000))!;
      expect(header(reply).rcode).toBe(c.rcode);
      expect(decodeMessage(reply).edns !== undefined).toBe(c.opt);
      const cookie = cookieOf(reply);
      expect(cookie !== undefined).toBe(c.cookie);
      if (c.cookie) {
        expect(cookie).toMatch(new RegExp(`^${CLIENT}01000000[0-9a-f]{24}$`));
        expect(verifies(cookie!.slice(16))).toBe(true);
        // And the chain takes it as ours: a normal query with it counts as valid.
        const before = server.cookieStats().valid;
        const again = await udpExchange(port, buildQuery({ id: 9, name: "www.example.test.", tail: opt([cookieOption(cookie!)]) }), 2000);
        expect(header(again!).rcode).toBe(0);
        expect(server.cookieStats().valid).toBe(before + 1);
      }
    });
  }

  // Knot 3.2 (mod-cookies, same secret) answers an unknown opcode REFUSED where we, NSD and BIND
  // say NOTIMP, but its reply has the same shape: OPT with the client's cookie and a server
  // cookie that verifies with the secret. A malformed COOKIE option: FORMERR, OPT, no cookie, as ours.
  const shapes: Array<{ name: string; query: Buffer; cookie: boolean }> = [
    { name: "opcode STATUS with a client cookie", query: cases[0]!.query(CLIENT), cookie: true },
    { name: "a malformed COOKIE option", query: cases[4]!.query(CLIENT), cookie: false },
  ];
  for (const shape of shapes) {
    it(`Knot's reply has the same shape as ours: ${shape.name}`, async () => {
      for (const at of [port, knot.port]) {
        const reply = (await udpExchange(at, shape.query, 2000))!;
        expect(decodeMessage(reply).edns).toBeDefined();
        const cookie = cookieOf(reply);
        expect(cookie !== undefined).toBe(shape.cookie);
        if (shape.cookie) expect([cookie!.slice(0, 24), verifies(cookie!.slice(16))]).toEqual([`${CLIENT}01000000`, true]);
      }
    });
  }
});

async function socketFrom(address: string): Promise<dgram.Socket> {
  const s = dgram.createSocket({ type: "udp4", recvBufferSize: 1 << 20 });
  await new Promise<void>((resolve) => s.bind(0, address, () => resolve()));
  return s;
}

/** Send `count` copies of `query` from one socket bound to `address`; the replies by kind. */
async function burst(address: string, query: (id: number) => Buffer, count: number) {
  const s = await socketFrom(address);
  const seen = { notimp: 0, slipped: 0 };
  s.on("message", (m) => {
    if (header(m).tc) seen.slipped++;
    else if (header(m).rcode === 4) seen.notimp++;
  });
  for (let i = 0; i < count; i++) s.send(query(i), port, "127.0.0.1");
  await new Promise((r) => setTimeout(r, 500));
  s.close();
  return seen;
}

describe("rrl and cookies for the pre-parser's replies", () => {
  it("a NOTIMP burst with a valid server cookie is not limited; the same burst with only a client cookie is", async () => {
    const BURST = 100;
    // Learn our cookie at the source address the burst comes from (127.0.2.1: its own /24 bucket).
    const learned = await udpExchange(port, cases[0]!.query(CLIENT), 2000, "127.0.0.1", "127.0.2.1");
    const cookie = cookieOf(learned!)!;
    const checkedBefore = server.rrlStats().checked;
    const valid = await burst("127.0.2.1", (id) => buildQuery({ id, flags: STATUS, tail: opt([cookieOption(cookie)]) }), BURST);
    expect(valid).toEqual({ notimp: BURST, slipped: 0 });
    expect(server.rrlStats().checked).toBe(checkedBefore);

    // The control: from another /24 with only the client cookie, the error rate applies.
    const plain = await burst("127.0.3.1", (id) => buildQuery({ id, flags: STATUS, tail: opt([cookieOption(CLIENT)]) }), BURST);
    expect(plain.notimp).toBeLessThan(BURST);
    expect(plain.slipped).toBeGreaterThan(0);
    expect(server.rrlStats().checked).toBe(checkedBefore + BURST);
  });
});

describe("the same in the UDP workers", () => {
  it("NOTIMP from many source ports (spread over the workers) all carry a cookie that verifies", async () => {
    const zone = join(dir, "workers.zone");
    writeFileSync(zone, TEST_ZONE);
    const workers = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      zoneFiles: [{ file: zone, origin: "example.test." }],
      settings: { cookies: { secrets: [SECRET] } },
      udp: { mode: "batch", workers: 3 },
    });
    await workers.start();
    try {
      const at = workers.ports()[0]!.port;
      const replies = await Promise.all(Array.from({ length: 30 }, () => udpExchange(at, cases[0]!.query(CLIENT), 3000)));
      const cookies = replies.map((r) => (r ? cookieOf(r) : "no reply"));
      expect(cookies.filter((c) => c === undefined || c === "no reply" || !verifies(c.slice(16)))).toEqual([]);
    } finally {
      await workers.stop();
    }
  });
});
