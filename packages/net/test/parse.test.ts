import { describe, expect, it } from "vitest";
import { formatAddress, parseAddressInto, parseIPv4Into, parseIPv6Into, parseScopedAddressInto } from "../src/index.js";

const v4 = (text: string) => {
  const out = new Uint8Array(4);
  return parseIPv4Into(text, out) ? formatAddress(out) : null;
};
const v6 = (text: string) => {
  const out = new Uint8Array(16);
  return parseIPv6Into(text, out) ? formatAddress(out) : null;
};

describe("parseIPv4Into", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    ["256.0.0.1", null],
    ["1.2.3", null],
    ["1.2.3.4.5", null],
    ["1..2.3", null],
    [".1.2.3", null],
    ["1.2.3.", null],
    ["01.2.3.4", null],
    ["1.2.3.00", null],
    ["01234.1.1.1", null],
    ["1.2.3.4 ", null],
    [" 1.2.3.4", null],
    ["0x7f.0.0.1", null],
    ["1e2.0.0.1", null],
    ["", null],
  ])("%j -> %j", (text, expected) => {
    expect(v4(text)).toBe(expected);
  });

  it("reads a part of the text into a part of the buffer", () => {
    const out = new Uint8Array(6);
    expect(parseIPv4Into("addr=198.51.100.7;", out, 2, 5, 17)).toBe(true);
    expect([...out]).toEqual([0, 0, 198, 51, 100, 7]);
  });
});

describe("parseIPv6Into", () => {
  it.each([
    ["2001:db8::1", "2001:db8::1"],
    ["::", "::"],
    ["::1", "::1"],
    ["1::", "1::"],
    ["2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:0:0:0:2:1", "2001:db8::2:1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
    ["::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"],
    ["::ffff:192.0.2.1", "::ffff:c000:201"],
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
    ["1:2:3:4:5:6:192.0.2.1", "1:2:3:4:5:6:c000:201"],
    ["fe80::1%eth0", null],
    ["1::2::3", null],
    ["1:::2", null],
    [":::", null],
    ["1:2:3:4:5:6:7:8:9", null],
    ["1:2:3:4::5:6:7:8", null],
    ["12345::", null],
    ["1:2:3:4:5:6:7", null],
    [":1::", null],
    [":1", null],
    ["1:", null],
    ["1::2:", null],
    ["g::", null],
    ["::1.2.3", null],
    ["::01.2.3.4", null],
    ["::1.2.3.4:5", null],
    ["::a.2.3.4", null],
    ["1:2:3:4:5:6:7:1.2.3.4", null],
    ["192.0.2.1", null],
    ["", null],
  ])("%j -> %j", (text, expected) => {
    expect(v6(text)).toBe(expected);
  });
});

describe("parseAddressInto / parseScopedAddressInto", () => {
  it.each([
    ["192.0.2.1", 4, 4],
    ["2001:db8::1", 6, 6],
    ["fe80::1%eth0", 0, 6],
    ["fe80::1%veth_a@if2", 0, 6],
    ["fe80::1%", 0, 0],
    ["%eth0", 0, 0],
    ["192.0.2.1%eth0", 0, 0],
    ["example.com", 0, 0],
  ] as const)("%j: %d, scoped %d", (text, plain, scoped) => {
    expect(parseAddressInto(text, new Uint8Array(16))).toBe(plain);
    expect(parseScopedAddressInto(text, new Uint8Array(16))).toBe(scoped);
  });

  it("writes at the offset it is given", () => {
    const out = new Uint8Array(20);
    expect(parseScopedAddressInto("fe80::2%1", out, 4)).toBe(6);
    expect(formatAddress(out.subarray(4))).toBe("fe80::2");
  });
});
