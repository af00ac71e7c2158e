import { describe, expect, it } from "vitest";
import { formatAddress, formatAddressWords, formatIPv6, NetError } from "../src/index.js";

describe("formatIPv6 (RFC 5952)", () => {
  it.each([
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 0], "2001:db8:0:0:1::"], // the longest run, not the first (4.2.3)
    [[0x2001, 0xdb8, 0, 0, 0, 1, 0, 0], "2001:db8::1:0:0"],
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], "2001:db8::1:0:0:1"], // equal runs: the first (4.2.3)
    [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], "2001:db8:0:1:1:1:1:1"], // one zero group stays (4.2.2)
    [[0x2001, 0xdb8, 1, 0, 1, 0, 1, 0], "2001:db8:1:0:1:0:1:0"],
    [[0, 0, 0, 0, 0, 0, 0, 0], "::"],
    [[0, 0, 0, 0, 0, 0, 0, 1], "::1"],
    [[1, 0, 0, 0, 0, 0, 0, 0], "1::"],
    [[0xabcd, 0xef, 0xa, 0, 0, 0, 0, 0xffff], "abcd:ef:a::ffff"], // lowercase, no leading zeros
    [[0, 0, 0, 0, 0, 0xffff, 0xc000, 0x201], "::ffff:c000:201"],
  ])("%j -> %s", (groups, text) => {
    const bytes = new Uint8Array(16);
    groups.forEach((g, i) => {
      bytes[2 * i] = g >> 8;
      bytes[2 * i + 1] = g & 0xff;
    });
    expect(formatIPv6(bytes)).toBe(text);
    expect(formatAddress(bytes)).toBe(text);
  });
});

describe("formatAddressWords", () => {
  it.each([
    [4, [0xc0000201, 0, 0, 0], "192.0.2.1"],
    [4, [0xffffffff | 0, 0, 0, 0], "255.255.255.255"],
    [6, [0x20010db8, 0, 1, 0], "2001:db8::1:0:0"],
    [6, [0x20010db8, 0x00000000, 0x00010000, 0x00000001], "2001:db8::1:0:0:1"],
    [6, [0x20010db8, 0x00010000, 0x00010000, 0x00010000], "2001:db8:1:0:1:0:1:0"],
    [6, [0, 0, 0, 0], "::"],
  ] as const)("IPv%d %j -> %s", (family, w, text) => {
    expect(formatAddressWords(family, w[0], w[1], w[2], w[3])).toBe(text);
  });
});

it("formatAddress refuses bytes that are not 4 or 16 long", () => {
  expect(() => formatAddress(new Uint8Array(5))).toThrow(NetError);
  expect(() => formatAddress(new Uint8Array(0))).toThrow(expect.objectContaining({ code: "BAD_ADDRESS" }));
});
