import { describe, expect, it } from "vitest";
import { AddressPolicy } from "../src/index.js";

describe("AddressPolicy", () => {
  it("probes nothing outside the allow-list", () => {
    const p = new AddressPolicy({ allow: ["203.0.113.0/25"] });
    expect(p.verdict("203.0.113.5")).toBe("allowed");
    expect(p.verdict("203.0.113.200")).toBe("out-of-scope");
    expect(p.verdict("8.8.8.8")).toBe("out-of-scope");
    expect(p.verdict("garbage")).toBe("out-of-scope");
  });

  it("keeps special ranges out of an internet-wide scope", () => {
    const p = new AddressPolicy({ allow: ["0.0.0.0/0", "::/0"] });
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "192.168.1.1",
      "169.254.1.1",
      "224.0.0.1",
      "255.255.255.255",
      "192.0.2.1",
      "198.18.0.1",
      "::1",
      "fe80::1",
      "2001:db8::1",
      "::ffff:127.0.0.1",
      "fc00::1",
      "ff02::1",
    ]) {
      expect(p.verdict(a), a).toBe("special");
    }
    expect(p.verdict("8.8.8.8")).toBe("allowed");
    expect(p.verdict("2606:4700::1111")).toBe("allowed");
  });

  it("allows loopback and documentation ranges only when the allow-list names them", () => {
    const p = new AddressPolicy({ allow: ["127.0.0.0/8", "::1", "192.0.2.0/24", "2001:db8::/32"] });
    expect(p.verdict("127.0.0.1")).toBe("allowed");
    expect(p.verdict("::1")).toBe("allowed");
    expect(p.verdict("192.0.2.55")).toBe("allowed");
    expect(p.verdict("2001:db8:1::9")).toBe("allowed");
    expect(new AddressPolicy({ allow: ["192.0.0.0/8"] }).verdict("192.0.2.1")).toBe("special");
  });

  it("explicit exclusions win over everything", () => {
    const p = new AddressPolicy({ allow: ["0.0.0.0/0", "127.0.0.0/8"], exclude: ["127.0.0.53", "9.9.9.0/24"] });
    expect(p.verdict("127.0.0.53")).toBe("excluded");
    expect(p.verdict("9.9.9.9")).toBe("excluded");
    expect(p.verdict("127.0.0.1")).toBe("allowed");
  });

  it.each(["192.0.2.1/24", "192.0.2.0/33", "2001:db8::/x", "example.com", "fe80::1%eth0"])("rejects the scope entry %j", (entry) => {
    expect(() => new AddressPolicy({ allow: ["2001:db8::/32", entry] })).toThrow(
      expect.objectContaining({ name: "MeasureError", code: "BAD_PREFIX" }),
    );
    expect(() => new AddressPolicy({ allow: ["2001:db8::/32"], exclude: [entry] })).toThrow(
      expect.objectContaining({ code: "BAD_PREFIX" }),
    );
  });
});
