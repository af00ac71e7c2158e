import { formatAddressWords, prefixKey } from "@dnsteer/net";
import { describe, expect, it } from "vitest";
import { aggregateInto, identifySourceBytes, identifySourceText, keyFromClientSubnet, SourceKey } from "../src/index.js";

const text = (k: SourceKey) => prefixKey(formatAddressWords(k.family, k.w0, k.w1, k.w2, k.w3), k.prefixLength);
const ecs = (family: number, sourcePrefix: number, bytes: number[]) => ({ family, sourcePrefix, address: Uint8Array.from(bytes) });

describe("source identity", () => {
  it.each([
    ["IPv4 /24 kept as is", ecs(1, 24, [198, 51, 100]), "198.51.100.0/24"],
    ["IPv4 /32 truncated to /24", ecs(1, 32, [198, 51, 100, 77]), "198.51.100.0/24"],
    ["IPv4 /20 kept (shorter than the maximum)", ecs(1, 20, [198, 51, 96]), "198.51.96.0/20"],
    ["IPv4 /25 truncated, stray bit dropped", ecs(1, 25, [10, 1, 2, 128]), "10.1.2.0/24"],
    ["IPv6 /64 truncated to /56", ecs(2, 64, [0x20, 0x01, 0x0d, 0xb8, 0xaa, 0xbb, 0xcc, 0xdd]), "2001:db8:aabb:cc00::/56"],
    ["IPv6 /48 kept", ecs(2, 48, [0x20, 0x01, 0x0d, 0xb8, 0, 7]), "2001:db8:7::/48"],
  ])("ECS: %s", (_, subnet, expected) => {
    const k = new SourceKey();
    expect(keyFromClientSubnet(k, subnet)).toBe(true);
    expect(text(k)).toBe(expected);
    expect(k.ecs).toBe(true);
  });

  it("honours configured ECS limits", () => {
    const k = new SourceKey();
    const limits = { ecsMaxPrefix4: 16, ecsMaxPrefix6: 40, aggregatePrefix4: 24, aggregatePrefix6: 48 };
    keyFromClientSubnet(k, ecs(1, 24, [198, 51, 100]), limits);
    expect(text(k)).toBe("198.51.0.0/16");
    keyFromClientSubnet(k, ecs(2, 56, [0x20, 0x01, 0x0d, 0xb8, 0xaa, 0xbb, 0xcc]), limits);
    expect(text(k)).toBe("2001:db8:aa00::/40");
  });

  it("falls back to the resolver for source prefix 0 (client opt-out) or an unknown family", () => {
    const k = new SourceKey();
    expect(identifySourceText(k, "192.0.2.53", ecs(1, 0, []))).toBe(true);
    expect([text(k), k.ecs]).toEqual(["192.0.2.53/32", false]);
    identifySourceText(k, "2001:db8::53", ecs(3, 24, [1, 2, 3]));
    expect(text(k)).toBe("2001:db8::53/128");
    identifySourceText(k, "192.0.2.53", ecs(1, 24, [203, 0, 113]));
    expect([text(k), k.ecs]).toEqual(["203.0.113.0/24", true]);
    identifySourceBytes(k, Uint8Array.from([192, 0, 2, 9]), 0, 4, undefined);
    expect([text(k), k.ecs]).toEqual(["192.0.2.9/32", false]);
    expect(identifySourceText(k, "not an address", undefined)).toBe(false);
  });

  it.each([
    ["192.0.2.77", "192.0.2.0/24"],
    ["2001:db8:1:2::9", "2001:db8:1::/48"],
  ])("aggregate of %s is %s", (address, expected) => {
    const k = new SourceKey();
    identifySourceText(k, address, undefined);
    expect(text(aggregateInto(new SourceKey(), k))).toBe(expected);
  });

  it("the aggregate of a prefix shorter than the aggregate is the prefix itself", () => {
    const k = new SourceKey();
    keyFromClientSubnet(k, ecs(1, 16, [10, 9]));
    expect(text(aggregateInto(new SourceKey(), k))).toBe("10.9.0.0/16");
  });
});
