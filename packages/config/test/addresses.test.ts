import { describe, expect, it } from "vitest";
import { listenSchema, measureSchema, providerSchema } from "../src/schema.js";

const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

describe("addresses and prefixes in the config (checked by @dnsteer/net)", () => {
  it.each([
    ["192.0.2.53", true],
    ["2001:db8::53", true],
    ["fe80::1%eth0", true],
    ["0192.0.2.53", false],
    ["ns1.example.test", false],
  ])("listen address %j: %s", (address, ok) => {
    expect(listenSchema.safeParse({ address, port: 53 }).success).toBe(ok);
  });

  it.each([
    [{ sourceV4: "192.0.2.1" }, []],
    [{ sourceV4: "2001:db8::1" }, ["must be an IPv4 address"]],
    [{ sourceV6: "2001:db8::1" }, []],
    [{ sourceV6: "fe80::1%eth0" }, ["must be an IPv6 address"]],
    [{ serviceA: ["192.0.2.10", "192.0.2.256"] }, ["must be an IPv4 address"]],
    [{ serviceAAAA: ["2001:db8::10", "::ffff:192.0.2.1", "1::2::3"] }, ["must be an IPv6 address"]],
  ])("provider %j", (fields, expected) => {
    expect(issues(providerSchema.safeParse({ name: "p", ...fields }))).toEqual(expected);
  });

  it("measurement scope entries are prefixes with their host bits zero", () => {
    expect(measureSchema.safeParse({ scope: { allow: ["192.0.2.0/24", "2001:db8::/32", "198.51.100.7"] } }).success).toBe(true);
    expect(issues(measureSchema.safeParse({ scope: { allow: ["192.0.2.1/24"] } }))).toEqual(["192.0.2.1/24 has address bits set past /24"]);
    expect(issues(measureSchema.safeParse({ scope: { allow: ["192.0.2.0/24"], exclude: ["192.0.2.0/33"] } }))).toEqual([
      'bad prefix length in "192.0.2.0/33" (0 to 32)',
    ]);
  });
});
