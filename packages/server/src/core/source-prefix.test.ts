import { describe, expect, it } from "vitest";
import { SourcePrefix, sourcePrefixOf } from "./source-prefix.js";

describe("sourcePrefixOf", () => {
  const lengths = { v4: 24, v6: 56 };
  const rows: Array<[string, string, string | null]> = [
    ["IPv4 /24", "192.0.2.77", "4:3221225984:0"], // 192.0.2.0
    ["same /24, same key", "192.0.2.1", "4:3221225984:0"],
    ["IPv4-mapped IPv6 counts as IPv4", "::ffff:192.0.2.9", "4:3221225984:0"],
    ["IPv6 /56: the first 7 octets", "2001:db8:aaaa:bbcc:dd::1", `6:${0x20010db8}:${0xaaaabb00}`],
    ["IPv6 with a zone", "fe80::1%eth0", `6:${0xfe800000}:0`],
    ["not an address", "example", null],
  ];
  for (const [label, text, key] of rows) {
    it(label, () => {
      const p = new SourcePrefix();
      const ok = sourcePrefixOf(text, lengths, p);
      expect(ok ? p.key() : null).toBe(key);
    });
  }

  it("other lengths: /32 keeps the host, /0 keeps nothing, /64 the whole first half", () => {
    const p = new SourcePrefix();
    sourcePrefixOf("192.0.2.77", { v4: 32, v6: 64 }, p);
    expect(p.hi).toBe(0xc000024d);
    sourcePrefixOf("192.0.2.77", { v4: 0, v6: 0 }, p);
    expect(p.hi).toBe(0);
    sourcePrefixOf("2001:db8:1:2:3:4:5:6", { v4: 24, v6: 64 }, p);
    expect([p.hi, p.lo]).toEqual([0x20010db8, 0x00010002]);
  });
});
