import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAddress, maskInPlace, parseIPv4Into, parseIPv6Into } from "../src/ip.js";

const v6 = (text: string) => {
  const out = new Uint8Array(16);
  return parseIPv6Into(text, out) ? formatAddress(out) : null;
};

describe("address parsing", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    ["0.0.0.0", "0.0.0.0"],
    ["256.0.0.1", null],
    ["1.2.3", null],
    ["1.2.3.4.5", null],
    ["1..2.3", null],
    ["01234.1.1.1", null],
  ])("IPv4 %s", (text, expected) => {
    const out = new Uint8Array(4);
    expect(parseIPv4Into(text, out) ? formatAddress(out) : null).toBe(expected);
  });

  it.each([
    ["2001:db8::1", "2001:db8::1"],
    ["::", "::"],
    ["::1", "::1"],
    ["2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:0:0:0:2:1", "2001:db8::2:1"],
    ["::ffff:192.0.2.1", "::ffff:c000:201"],
    ["fe80::1%eth0", "fe80::1"],
    ["1::2::3", null],
    ["1:2:3:4:5:6:7:8:9", null],
    ["12345::", null],
    ["1:2:3:4:5:6:7", null],
    [":1::", null],
    ["1:", null],
  ])("IPv6 %s", (text, expected) => {
    expect(v6(text)).toBe(expected);
  });

  it("agrees with node:net on random IPv6 addresses", () => {
    fc.assert(fc.property(fc.ipV6(), (text) => {
      expect(isIP(text)).toBe(6);
      const out = new Uint8Array(16);
      expect(parseIPv6Into(text, out)).toBe(true);
      expect(v6(formatAddress(out))).toBe(formatAddress(out));
    }));
  });

  it("masks bits past a prefix", () => {
    expect(formatAddress(maskInPlace(Uint8Array.from([192, 0, 2, 255]), 25))).toBe("192.0.2.128");
  });
});
