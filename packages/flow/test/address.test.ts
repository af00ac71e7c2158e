import { formatAddressWords } from "@dnsteer/net";
import { describe, expect, it } from "vitest";
import { keyFromAddressBytes, keyFromAddressText, SourceKey } from "../src/index.js";

const words = (k: SourceKey) => [k.w0 >>> 0, k.w1 >>> 0, k.w2 >>> 0, k.w3 >>> 0];

describe("keyFromAddressText", () => {
  it.each([
    ["192.0.2.1", 4, [0xc0000201, 0, 0, 0], "192.0.2.1"],
    ["0.0.0.0", 4, [0, 0, 0, 0], "0.0.0.0"],
    ["255.255.255.255", 4, [0xffffffff, 0, 0, 0], "255.255.255.255"],
    ["::ffff:198.51.100.7", 4, [0xc6336407, 0, 0, 0], "198.51.100.7"],
    ["::FFFF:c633:6407", 4, [0xc6336407, 0, 0, 0], "198.51.100.7"],
    ["2001:db8::1", 6, [0x20010db8, 0, 0, 1], "2001:db8::1"],
    ["2001:DB8:0:0:1:0:0:1", 6, [0x20010db8, 0, 0x10000, 1], "2001:db8::1:0:0:1"],
    ["::", 6, [0, 0, 0, 0], "::"],
    ["::1", 6, [0, 0, 0, 1], "::1"],
    ["fe80::1%eth0", 6, [0xfe800000, 0, 0, 1], "fe80::1"],
    ["1::", 6, [0x00010000, 0, 0, 0], "1::"],
    ["2001:db8:0:1:1:1:1:1", 6, [0x20010db8, 1, 0x10001, 0x10001], "2001:db8:0:1:1:1:1:1"],
    ["64:ff9b::192.0.2.33", 6, [0x0064ff9b, 0, 0, 0xc0000221], "64:ff9b::c000:221"],
    ["1:2:3:4:5:6:7:8", 6, [0x10002, 0x30004, 0x50006, 0x70008], "1:2:3:4:5:6:7:8"],
  ] as const)("%s", (text, family, expected, canonical) => {
    const k = new SourceKey();
    expect(keyFromAddressText(k, text)).toBe(true);
    expect(k.family).toBe(family);
    expect(k.prefixLength).toBe(family === 4 ? 32 : 128);
    expect(words(k)).toEqual(expected);
    expect(formatAddressWords(k.family, k.w0, k.w1, k.w2, k.w3)).toBe(canonical);
  });

  it.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3.4 ",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    ":1",
    "1:",
    "1:::2",
    "1::2::3",
    "12345::",
    "g::",
    "::1.2.3",
    "1:2:3:4:5:6:7:1.2.3.4",
    "example.com",
  ])("rejects %j", (text) => {
    expect(keyFromAddressText(new SourceKey(), text)).toBe(false);
  });
});

describe("keyFromAddressBytes", () => {
  it("reads IPv4, IPv6 and IPv4-mapped IPv6 at an offset", () => {
    const k = new SourceKey();
    const buf = Uint8Array.from([9, 9, 192, 0, 2, 1]);
    expect(words(keyFromAddressBytes(k, buf, 2, 4))).toEqual([0xc0000201, 0, 0, 0]);
    const v6 = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 5]);
    keyFromAddressBytes(k, v6, 0, 16);
    expect([k.family, k.prefixLength, ...words(k)]).toEqual([6, 128, 0x20010db8, 0, 0, 5]);
    const mapped = Uint8Array.from([...new Array(10).fill(0), 0xff, 0xff, 203, 0, 113, 9]);
    keyFromAddressBytes(k, mapped, 0, 16);
    expect([k.family, k.prefixLength, ...words(k)]).toEqual([4, 32, 0xcb007109, 0, 0, 0]);
  });
});
