import { describe, expect, it } from "vitest";
import {
  cidrPrefix,
  clientSubnet,
  dnsName,
  dnsNameProblem,
  ipv4Address,
  normalizeDnsName,
  pageQuery,
  providerBody,
  providerPatch,
  routes,
  toPage,
} from "../src/index.js";

describe("DNS names", () => {
  it("accepts names up to 253 octets with labels up to 63", () => {
    expect(dnsNameProblem("www.example.test.")).toBeNull();
    expect(dnsNameProblem("_sip._udp.example.test")).toBeNull();
    expect(dnsNameProblem("*.example.test.")).toBeNull();
    expect(dnsNameProblem(`${"a".repeat(63)}.test.`)).toBeNull();
    const max = `${"abcdefghi.".repeat(24)}abcdefghij.${"x".repeat(2)}`; // 253 octets
    expect(max.length).toBe(253);
    expect(dnsNameProblem(max)).toBeNull();
    expect(dnsNameProblem(`${max}.`)).toBeNull();
  });

  it("says what is wrong", () => {
    expect(dnsNameProblem(`${"a".repeat(64)}.test.`)).toMatch(/label 1 is 64 octets/);
    expect(dnsNameProblem(`${"abcdefghi.".repeat(25)}test`)).toMatch(/at most 253/);
    expect(dnsNameProblem("a..b")).toMatch(/empty label/);
    expect(dnsNameProblem(".")).toMatch(/at least one label/);
    expect(dnsNameProblem("-a.test")).toMatch(/letters, digits/);
    expect(dnsNameProblem("a.*.test")).toMatch(/wildcard/);
    expect(dnsNameProblem("a b.test")).toMatch(/letters, digits/);
    expect(dnsName.safeParse("x".repeat(5000)).success).toBe(false);
  });

  it("normalizes case and the trailing dot", () => {
    expect(normalizeDnsName("WWW.Example.Test")).toBe("www.example.test.");
    expect(normalizeDnsName("www.example.test.")).toBe("www.example.test.");
  });
});

describe("addresses and prefixes", () => {
  it("checks family, host bits and prefix lengths", () => {
    expect(ipv4Address.safeParse("192.0.2.1").success).toBe(true);
    expect(ipv4Address.safeParse("2001:db8::1").success).toBe(false);
    expect(ipv4Address.safeParse("192.0.2.01").success).toBe(false);
    expect(cidrPrefix.safeParse("192.0.2.0/24").success).toBe(true);
    expect(cidrPrefix.safeParse("192.0.2.1").success).toBe(true);
    expect(cidrPrefix.safeParse("192.0.2.1/24").success).toBe(false);
    expect(cidrPrefix.safeParse("2001:db8::/129").success).toBe(false);
    expect(clientSubnet.safeParse("192.0.2.1/24").success).toBe(true);
    expect(clientSubnet.safeParse("192.0.2.0/33").success).toBe(false);
  });
});

describe("pagination", () => {
  it("bounds the limit and computes the next offset", () => {
    expect(pageQuery.parse({})).toEqual({ limit: 100, offset: 0 });
    expect(pageQuery.parse({ limit: "1000", offset: "5" })).toEqual({ limit: 1000, offset: 5 });
    expect(pageQuery.safeParse({ limit: "1001" }).success).toBe(false);
    expect(pageQuery.safeParse({ limit: "0" }).success).toBe(false);
    expect(pageQuery.safeParse({ limit: "2.5" }).success).toBe(false);
    expect(toPage([1, 2], 5, { limit: 2, offset: 2 })).toEqual({ items: [1, 2], total: 5, offset: 2, limit: 2, nextOffset: 4 });
    expect(toPage([5], 5, { limit: 2, offset: 4 }).nextOffset).toBeNull();
  });
});

describe("providers", () => {
  it("fills a whole provider with the config defaults; a patch needs one known field", () => {
    expect(providerBody.parse({})).toMatchObject({ enabled: true, billingPercentile: 95, capacityMbps: null, serviceA: [] });
    expect(providerPatch.safeParse({}).success).toBe(false);
    expect(providerPatch.safeParse({ colour: 1 }).success).toBe(false);
    expect(providerPatch.safeParse({ commitMbps: 10 }).success).toBe(true);
    expect(providerPatch.safeParse({ commitMbps: 10_000_001 }).success).toBe(false);
  });
});

describe("routes", () => {
  it("has one route per method and path, params named as in the path", () => {
    const seen = new Set<string>();
    for (const [id, r] of Object.entries(routes)) {
      const key = `${r.method} ${r.url}`;
      expect(seen.has(key), `${id}: ${key} twice`).toBe(false);
      seen.add(key);
      const names = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const params = "params" in r.schema ? Object.keys((r.schema.params as { shape: object }).shape) : [];
      expect(params.sort(), id).toEqual(names.sort());
      if (r.method === "GET") expect("body" in r.schema, id).toBe(false);
    }
  });
});
