import { describe, expect, it } from "vitest";
import { canonicalAddress, checkPrefixLength, NetError, parseAddress, parsePrefix, splitPrefixKey } from "../src/index.js";

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NetError);
    expect((e as NetError).message.length).toBeGreaterThan(0);
    return (e as NetError).code;
  }
  return "accepted";
}

describe("bad input gets one error class with a fixed code", () => {
  it.each([
    ["", "BAD_ADDRESS"],
    ["example.com", "BAD_ADDRESS"],
    ["256.1.1.1", "BAD_ADDRESS"],
    ["010.1.1.1", "BAD_ADDRESS"],
    ["0x7f.0.0.1", "BAD_ADDRESS"],
    ["127.1", "BAD_ADDRESS"],
    ["1::2::3", "BAD_ADDRESS"],
    ["fe80::1%eth0", "BAD_ADDRESS"],
    ["[2001:db8::1]", "BAD_ADDRESS"],
    ["2001:db8::1 ", "BAD_ADDRESS"],
  ])("address %j: %s", (text, code) => {
    expect(codeOf(() => parseAddress(text))).toBe(code);
    expect(codeOf(() => canonicalAddress(text))).toBe(code);
  });

  it.each([
    ["192.0.2.0/24", "accepted"],
    ["192.0.2.1/24", "HOST_BITS_SET"],
    ["2001:db8::1/64", "HOST_BITS_SET"],
    ["192.0.2.0/33", "BAD_PREFIX_LENGTH"],
    ["2001:db8::/129", "BAD_PREFIX_LENGTH"],
    ["2001:db8::/x", "BAD_PREFIX_LENGTH"],
    ["192.0.2.0/", "BAD_PREFIX_LENGTH"],
    ["192.0.2.0/024", "BAD_PREFIX_LENGTH"],
    ["192.0.2.0/+24", "BAD_PREFIX_LENGTH"],
    ["192.0.2.0/0x18", "BAD_PREFIX_LENGTH"],
    ["192.0.2.0/24/8", "BAD_PREFIX_LENGTH"],
    ["/24", "BAD_ADDRESS"],
    ["192.0.2/24", "BAD_ADDRESS"],
  ])("prefix %j: %s", (text, code) => {
    expect(codeOf(() => parsePrefix(text))).toBe(code);
  });

  it.each([
    [4, 33],
    [4, -1],
    [4, 1.5],
    [4, Number.NaN],
    [6, 129],
  ] as const)("prefix length %d/%d: BAD_PREFIX_LENGTH", (family, length) => {
    expect(codeOf(() => checkPrefixLength(family, length))).toBe("BAD_PREFIX_LENGTH");
  });

  it.each([
    ["192.0.2.0", "BAD_ADDRESS"],
    ["/24", "BAD_ADDRESS"],
    ["192.0.2.0/", "BAD_PREFIX_LENGTH"],
    ["192.0.2.0/2x", "BAD_PREFIX_LENGTH"],
  ])("key %j: %s", (key, code) => {
    expect(codeOf(() => splitPrefixKey(key))).toBe(code);
  });
});
