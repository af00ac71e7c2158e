import { parseAddress } from "@dnsteer/net";
import { describe, expect, it } from "vitest";
import { cookieAge, inWindow, madeWith, writeServerCookie } from "./server-cookie.js";
import { sipKey } from "./siphash.js";

const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"));
const key = (s: string) => sipKey(hex(s));
const ip = (s: string) => parseAddress(s).bytes;

/** RFC 9018 Appendix A: the examples, computed by the RFC's authors with their servers. */
describe("server cookies (RFC 9018)", () => {
  const made: Array<[string, string, string, string, number, string]> = [
    [
      "A.1 learning a new server cookie",
      "e5e973e5a6b2a43f48e7dc849e37bfcf",
      "2464c4abcf10c957",
      "198.51.100.100",
      1559731985,
      "010000005cf79f111f8130c3eee29480",
    ],
    [
      "A.2 the same client, renewed",
      "e5e973e5a6b2a43f48e7dc849e37bfcf",
      "2464c4abcf10c957",
      "198.51.100.100",
      1559734385,
      "010000005cf7a871d4a564a1442aca77",
    ],
    [
      "A.3 another client",
      "e5e973e5a6b2a43f48e7dc849e37bfcf",
      "fc93fc62807ddb86",
      "203.0.113.203",
      1559734700,
      "010000005cf7a9acf73a7810aca2381e",
    ],
    [
      "A.4 an IPv6 client, after the secret rolled over",
      "445536bcd2513298075a5d379663c962",
      "22681ab97d52c298",
      "2001:db8:220:1:59de:d0f4:8769:82b8",
      1559741961,
      "010000005cf7c609a6bb79d16625507a",
    ],
  ];
  for (const [label, secret, client, address, now, want] of made) {
    it(label, () => {
      const out = new Uint8Array(20);
      writeServerCookie(key(secret), hex(client), ip(address), now, out, 2);
      expect(Buffer.from(out.subarray(2, 18)).toString("hex")).toBe(want);
      expect(madeWith(key(secret), hex(client), out.subarray(2, 18), ip(address))).toBe(true);
    });
  }

  const checked: Array<[string, string, string, string, boolean]> = [
    [
      "A.3: a cookie another server made, its reserved octets set, checks with the shared secret",
      "e5e973e5a6b2a43f48e7dc849e37bfcf",
      "fc93fc62807ddb8601abcdef5cf78f71a314227b6679ebf5",
      "203.0.113.203",
      true,
    ],
    [
      "A.4: the cookie the old secret made checks with the old secret",
      "dd3bdf9344b678b185a6f5cb60fca715",
      "22681ab97d52c298010000005cf7c57926556bd0934c72f8",
      "2001:db8:220:1:59de:d0f4:8769:82b8",
      true,
    ],
    [
      "A.4: and not with the new one",
      "445536bcd2513298075a5d379663c962",
      "22681ab97d52c298010000005cf7c57926556bd0934c72f8",
      "2001:db8:220:1:59de:d0f4:8769:82b8",
      false,
    ],
    [
      "the same cookie from another address is not ours",
      "e5e973e5a6b2a43f48e7dc849e37bfcf",
      "fc93fc62807ddb8601abcdef5cf78f71a314227b6679ebf5",
      "203.0.113.204",
      false,
    ],
    [
      "another client cookie with the same server cookie is not ours",
      "e5e973e5a6b2a43f48e7dc849e37bfcf",
      "fc93fc62807ddb8701abcdef5cf78f71a314227b6679ebf5",
      "203.0.113.203",
      false,
    ],
    [
      "a version other than 1 is not ours",
      "e5e973e5a6b2a43f48e7dc849e37bfcf",
      "fc93fc62807ddb8602abcdef5cf78f71a314227b6679ebf5",
      "203.0.113.203",
      false,
    ],
    [
      "an 8-octet server cookie is not ours",
      "e5e973e5a6b2a43f48e7dc849e37bfcf",
      "fc93fc62807ddb8601abcdef5cf78f71",
      "203.0.113.203",
      false,
    ],
  ];
  for (const [label, secret, cookie, address, want] of checked) {
    it(label, () => {
      const c = hex(cookie);
      expect(madeWith(key(secret), c.subarray(0, 8), c.subarray(8), ip(address))).toBe(want);
    });
  }

  const stamp = 1559731985;
  const stamped = (ts: number) =>
    Uint8Array.from([1, 0, 0, 0, (ts >>> 24) & 255, (ts >>> 16) & 255, (ts >>> 8) & 255, ts & 255, 0, 0, 0, 0, 0, 0, 0, 0]);
  const windows: Array<[string, number, number, boolean]> = [
    ["stamped now", stamp, stamp, true],
    ["an hour old: the last second it holds", stamp - 3600, stamp, true],
    ["an hour and a second old", stamp - 3601, stamp, false],
    ["five minutes ahead (clock skew)", stamp + 300, stamp, true],
    ["five minutes and a second ahead", stamp + 301, stamp, false],
    ["an hour old across the 2^32 wrap", 4294964696, 1000, true],
  ];
  for (const [label, ts, now, want] of windows) {
    it(`window: ${label}`, () => expect(inWindow(cookieAge(stamped(ts), now))).toBe(want));
  }
});
