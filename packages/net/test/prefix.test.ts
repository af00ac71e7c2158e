import { describe, expect, it } from "vitest";
import {
  formatAddress,
  formatPrefix,
  maskInPlace,
  parseAddress,
  parsePrefix,
  prefixContains,
  prefixKey,
  splitPrefixKey,
} from "../src/index.js";

describe("parsePrefix / formatPrefix", () => {
  it.each([
    ["192.0.2.0/24", "192.0.2.0/24"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["192.0.2.1", "192.0.2.1/32"],
    ["2001:DB8::/32", "2001:db8::/32"],
    ["::/0", "::/0"],
    ["::1", "::1/128"],
    ["::ffff:0:0/96", "::ffff:0:0/96"],
  ])("%s -> %s", (text, formatted) => {
    expect(formatPrefix(parsePrefix(text))).toBe(formatted);
  });

  it("clears host bits when asked (an ECS subnet as a client sends it)", () => {
    expect(formatPrefix(parsePrefix("198.51.100.77/24", "clear"))).toBe("198.51.100.0/24");
    expect(formatPrefix(parsePrefix("2001:db8:1:2:3::/33", "clear"))).toBe("2001:db8::/33");
  });
});

describe("prefixContains", () => {
  const p = (t: string) => parsePrefix(t);
  it.each([
    ["203.0.113.0/25", "203.0.113.5", true],
    ["203.0.113.0/25", "203.0.113.200", false],
    ["0.0.0.0/0", "8.8.8.8", true],
    ["0.0.0.0/0", "::1", false],
    ["::/0", "2606:4700::1111", true],
    ["2001:db8::/32", "2001:db8:1::9", true],
    ["2001:db8::/33", "2001:db8:8000::1", false],
    ["::ffff:0:0/96", "::ffff:127.0.0.1", true],
    ["192.0.2.1/32", "192.0.2.1", true],
  ] as const)("%s contains %s: %s", (prefix, address, expected) => {
    expect(prefixContains(p(prefix), parseAddress(address))).toBe(expected);
  });

  it("compares a prefix with a prefix by length too", () => {
    expect(prefixContains(p("10.0.0.0/8"), p("10.1.0.0/16"))).toBe(true);
    expect(prefixContains(p("10.0.0.0/8"), p("10.0.0.0/8"))).toBe(true);
    expect(prefixContains(p("10.0.0.0/8"), p("0.0.0.0/4"))).toBe(false);
  });
});

describe("maskInPlace", () => {
  it("zeroes the bits past the length, in the buffer it is given", () => {
    expect(formatAddress(maskInPlace(Uint8Array.from([192, 0, 2, 255]), 25))).toBe("192.0.2.128");
    expect(formatAddress(maskInPlace(Uint8Array.from([192, 0, 2, 255]), 32))).toBe("192.0.2.255");
    expect(formatAddress(maskInPlace(Uint8Array.from([192, 0, 2, 255]), 0))).toBe("0.0.0.0");
  });
});

describe("prefixKey / splitPrefixKey", () => {
  it.each([
    ["192.0.2.0", 24],
    ["2001:db8::", 48],
    ["::", 0],
  ] as const)("%s/%d round-trips", (address, prefixLength) => {
    expect(prefixKey(address, prefixLength)).toBe(`${address}/${prefixLength}`);
    expect(splitPrefixKey(prefixKey(address, prefixLength))).toEqual([address, prefixLength]);
  });
});
