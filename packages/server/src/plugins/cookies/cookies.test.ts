import { parseAddress } from "@dnsteer/net";
import { decodeMessage } from "@dnsteer/wire";
import { describe, expect, it } from "vitest";
import { type Case, chainUnderTest } from "../../../test/case.js";
import type { CookieSettings } from "../../core/settings.js";
import { ResponseRateLimiter } from "../rrl/index.js";
import { DnsCookies } from "./index.js";
import { writeServerCookie } from "./server-cookie.js";
import { sipKey } from "./siphash.js";

/**
 * RFC 7873 section 5.2 case by case, through the real chain, with a stopped clock and known
 * secrets (so each expected server cookie is computed here with the same construction, which
 * server-cookie.test.ts checks against RFC 9018's own examples).
 */
const NOW = 1_700_000_000;
const CURRENT = "e5e973e5a6b2a43f48e7dc849e37bfcf";
const PREVIOUS = "445536bcd2513298075a5d379663c962";
const OTHER = "dd3bdf9344b678b185a6f5cb60fca715";
const CLIENT = "2464c4abcf10c957";
const FROM = "198.51.100.100";

/** Our server cookie, in hex, for CLIENT at `from` stamped `at`, made with `secret`. */
function serverCookie(secret: string, at: number, from = FROM): string {
  const out = new Uint8Array(16);
  writeServerCookie(sipKey(Buffer.from(secret, "hex")), Buffer.from(CLIENT, "hex"), parseAddress(from).bytes, at, out, 0);
  return Buffer.from(out).toString("hex");
}

interface Row {
  label: string;
  /** The COOKIE option's data, hex (undefined: no COOKIE option at all). */
  cookie?: string;
  transport?: "udp" | "tcp";
  from?: string;
  settings?: Partial<CookieSettings>;
  rcode: number;
  answered: boolean;
  /** The reply's COOKIE: "none", the query's own cookie sent back, or a fresh one stamped now. */
  replyCookie: "none" | "echoed" | "fresh";
  valid: boolean;
}

const rows: Row[] = [
  { label: "5.2.1 no COOKIE option: answered, no cookie back", rcode: 0, answered: true, replyCookie: "none", valid: false },
  {
    label: "5.2.3 a client cookie only: answered with our server cookie",
    cookie: CLIENT,
    rcode: 0,
    answered: true,
    replyCookie: "fresh",
    valid: false,
  },
  {
    label: "5.2.5 our server cookie, 10 minutes old: answered, the cookie sent back as it is",
    cookie: CLIENT + serverCookie(CURRENT, NOW - 600),
    rcode: 0,
    answered: true,
    replyCookie: "echoed",
    valid: true,
  },
  {
    label: "5.2.5 our server cookie, 40 minutes old: answered, renewed (RFC 9018 4.3)",
    cookie: CLIENT + serverCookie(CURRENT, NOW - 2400),
    rcode: 0,
    answered: true,
    replyCookie: "fresh",
    valid: true,
  },
  {
    label: "secret rollover: a cookie of the previous secret is valid, renewed with the current",
    cookie: CLIENT + serverCookie(PREVIOUS, NOW - 60),
    rcode: 0,
    answered: true,
    replyCookie: "fresh",
    valid: true,
  },
  {
    label: "5.2.4 a server cookie of a secret we do not hold: answered as if client-only",
    cookie: CLIENT + serverCookie(OTHER, NOW - 60),
    rcode: 0,
    answered: true,
    replyCookie: "fresh",
    valid: false,
  },
  {
    label: "5.2.4 our cookie for another address: invalid",
    cookie: CLIENT + serverCookie(CURRENT, NOW - 60, "198.51.100.101"),
    rcode: 0,
    answered: true,
    replyCookie: "fresh",
    valid: false,
  },
  {
    label: "5.2.4 an hour and a second old: invalid",
    cookie: CLIENT + serverCookie(CURRENT, NOW - 3601),
    rcode: 0,
    answered: true,
    replyCookie: "fresh",
    valid: false,
  },
  {
    label: "5.2.4 six minutes in the future: invalid",
    cookie: CLIENT + serverCookie(CURRENT, NOW + 360),
    rcode: 0,
    answered: true,
    replyCookie: "fresh",
    valid: false,
  },
  {
    label: "5.2.4 an 8-octet server cookie (not ours, RFC 9018 makes 16): invalid",
    cookie: CLIENT + "0102030405060708",
    rcode: 0,
    answered: true,
    replyCookie: "fresh",
    valid: false,
  },
  {
    label: "required over UDP, client cookie only: BADCOOKIE with a fresh cookie, no answer",
    cookie: CLIENT,
    settings: { requireForUdp: true },
    rcode: 23,
    answered: false,
    replyCookie: "fresh",
    valid: false,
  },
  {
    label: "required over UDP, invalid server cookie: BADCOOKIE",
    cookie: CLIENT + serverCookie(OTHER, NOW),
    settings: { requireForUdp: true },
    rcode: 23,
    answered: false,
    replyCookie: "fresh",
    valid: false,
  },
  {
    label: "required over UDP, valid server cookie: answered",
    cookie: CLIENT + serverCookie(CURRENT, NOW - 5),
    settings: { requireForUdp: true },
    rcode: 0,
    answered: true,
    replyCookie: "echoed",
    valid: true,
  },
  {
    label: "required over UDP, but this is TCP: answered",
    cookie: CLIENT,
    transport: "tcp",
    settings: { requireForUdp: true },
    rcode: 0,
    answered: true,
    replyCookie: "fresh",
    valid: false,
  },
  {
    label: "required, no COOKIE option at all: answered (TC for cookieless clients is not required)",
    settings: { requireForUdp: true },
    rcode: 0,
    answered: true,
    replyCookie: "none",
    valid: false,
  },
  {
    label: "cookies off: answered, no cookie back",
    cookie: CLIENT,
    settings: { enabled: false },
    rcode: 0,
    answered: true,
    replyCookie: "none",
    valid: false,
  },
];

describe("cookies", () => {
  for (const row of rows) {
    it(row.label, () => {
      const jar = new DnsCookies({ now: () => NOW * 1000 });
      const chain = chainUnderTest({
        settings: { cookies: { secrets: [CURRENT, PREVIOUS], ...row.settings } },
        services: { cookies: jar },
      });
      const tc: Case = {
        qname: "www.example.test.",
        from: row.from ?? FROM,
        transport: row.transport,
        edns: { cookie: row.cookie },
        rcode: "",
        flags: "",
      };
      const { reply } = chain.exchange(tc);
      const m = decodeMessage(reply!);
      expect(m.rcode).toBe(row.rcode);
      expect(m.answer.length > 0).toBe(row.answered);
      const back = m.edns?.cookie;
      if (row.replyCookie === "none") expect(back).toBeUndefined();
      else {
        expect(Buffer.from(back!.client).toString("hex")).toBe(CLIENT);
        const server = Buffer.from(back!.server!).toString("hex");
        expect(server).toBe(row.replyCookie === "echoed" ? row.cookie!.slice(16) : serverCookie(CURRENT, NOW));
      }
      expect(jar.stats.valid).toBe(row.valid ? 1 : 0);
    });
  }

  it("every kind of reply carries the cookie: NXDOMAIN, REFUSED (out of zone), BADVERS", () => {
    const chain = chainUnderTest({
      settings: { cookies: { secrets: [CURRENT] } },
      services: { cookies: new DnsCookies({ now: () => NOW * 1000 }) },
    });
    for (const [qname, version, rcode] of [
      ["nx.example.test.", 0, 3],
      ["www.example.com.", 0, 5],
      ["www.example.test.", 1, 16],
    ] as const) {
      const m = decodeMessage(chain.exchange({ qname, from: FROM, edns: { cookie: CLIENT, version }, rcode: "", flags: "" }).reply!);
      expect(m.rcode).toBe(rcode);
      expect(Buffer.from(m.edns!.cookie!.server!).toString("hex")).toBe(serverCookie(CURRENT, NOW));
    }
  });

  it("a query with a valid server cookie is not rate limited (its address is proven)", () => {
    const chain = chainUnderTest({
      settings: { cookies: { secrets: [CURRENT] }, rrl: { enabled: true, responsesPerSecond: 2, slip: 0, exempt: [] } },
      services: { cookies: new DnsCookies({ now: () => NOW * 1000 }), rateLimiter: new ResponseRateLimiter({ now: () => NOW * 1000 }) },
    });
    const ask = (cookie: string) =>
      chain.exchange({ qname: "www.example.test.", from: FROM, edns: { cookie }, rcode: "", flags: "" }).reply;
    const withValid = Array.from({ length: 10 }, () => ask(CLIENT + serverCookie(CURRENT, NOW)));
    expect(withValid.every((r) => r !== null)).toBe(true);
    const clientOnly = Array.from({ length: 10 }, () => ask(CLIENT));
    expect(clientOnly.filter((r) => r === null)).toHaveLength(8); // the rate (2), then dropped
  });

  it("random secret (none configured): replaced each lifetime; the previous one holds until the next", () => {
    let now = NOW;
    const jar = new DnsCookies({ now: () => now * 1000 });
    // A 10-minute lifetime to see both steps inside a cookie's hour (config's minimum is an hour,
    // so there a dropped secret's cookies have all expired already).
    const chain = chainUnderTest({ settings: { cookies: { secretLifetimeSeconds: 600 } }, services: { cookies: jar } });
    const ask = (cookie: string) =>
      decodeMessage(chain.exchange({ qname: "www.example.test.", from: FROM, edns: { cookie }, rcode: "", flags: "" }).reply!).edns!
        .cookie!;
    ask(CLIENT); // the first secret is made now
    now += 500;
    const made = Buffer.from(ask(CLIENT).server!).toString("hex");
    now += 200; // replaced: the cookie of the previous secret still holds
    ask(CLIENT + made);
    expect(jar.stats.valid).toBe(1);
    now += 700; // replaced again: the secret that made it is gone (the cookie is 15 minutes old)
    ask(CLIENT + made);
    expect(jar.stats).toMatchObject({ valid: 1, invalid: 1 });
  });
});
