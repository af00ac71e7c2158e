import { DecisionMap, type DecisionRoute } from "@dnsteer/steering";
import { describe, expect, it } from "vitest";
import { buildSteeringView, providerForAddress, providerForQuery, providerForSubnet, steeredAddresses } from "./view.js";

// The selection the steer handler makes, called directly (as `explain` does): source -> the
// provider, qtype -> the addresses answered ([] = the zone's own records).
const decision = (prefix: string, prefixLength: number, provider: string): DecisionRoute => ({ prefix, prefixLength, provider });
const view = buildSteeringView({
  names: ["www.example.test."],
  providers: [
    { name: "p1", serviceA: ["203.0.113.80"], serviceAAAA: ["2001:db8:1::80"] },
    { name: "p2", serviceA: ["198.51.100.80"], serviceAAAA: [] },
  ],
  decisions: DecisionMap.from(
    ["p1", "p2"],
    [decision("192.0.2.0", 24, "p1"), decision("192.0.2.7", 32, "p2"), decision("2001:db8:ff::", 48, "p2")],
  ),
  defaultProvider: "p1",
  ttl: 30,
});
const noDefault = buildSteeringView({
  names: [],
  providers: [],
  decisions: DecisionMap.from(["p1"], [decision("192.0.2.0", 24, "p1")]),
  ttl: 30,
});

const answered = (provider: number, qtype: number) => steeredAddresses(view, provider, qtype).map((a) => a.address);

describe("steering view: the handler's choice", () => {
  it.each([
    ["192.0.2.7", 4, "p2"],
    ["192.0.2.8", 4, "p1"],
    ["198.18.0.1", 4, "p1"], // no decision: the default
    ["2001:db8:ff::53", 6, "p2"],
  ] as const)("resolver %s -> %s", (address, family, provider) => {
    expect(view.providers[providerForAddress(view, address, family)]?.name).toBe(provider);
  });

  it("an ECS subnet: its decision, and the scope the answer holds for", () => {
    expect(view.providers[providerForSubnet(view, 4, Uint8Array.from([192, 0, 2]), 24)]?.name).toBe("p1");
    expect(view.decisions.scopeLength).toBe(24);
    expect(view.providers[providerForSubnet(view, 4, Uint8Array.from([192, 0, 2, 7]), 32)]?.name).toBe("p2");
    expect(view.decisions.scopeLength).toBe(32);
  });

  it("without a decision or a default: -1 (the zone's records)", () => {
    expect(providerForAddress(noDefault, "198.18.0.1", 4)).toBe(-1);
    expect(steeredAddresses(noDefault, -1, 1)).toEqual([]);
  });

  it("the addresses by qtype; none for a family the provider lacks", () => {
    expect([answered(0, 1), answered(0, 28), answered(1, 1), answered(1, 28), answered(0, 15)]).toEqual([
      ["203.0.113.80"],
      ["2001:db8:1::80"],
      ["198.51.100.80"],
      [],
      [],
    ]);
  });
});

describe("steering view: which source decides a query", () => {
  const ecs = (bytes: number[], sourcePrefix: number) => ({
    family: 1 as const,
    sourcePrefix,
    scopePrefix: 0,
    address: Uint8Array.from(bytes),
  });
  it.each([
    ["no ECS: the resolver", undefined, "p2"],
    ["ECS /24: the subnet", ecs([198, 18, 0], 24), "p1"],
    ["ECS /0 asks for no subnet (RFC 7871 7.1.2): the resolver", ecs([], 0), "p2"],
  ] as const)("%s", (_label, subnet, provider) => {
    expect(view.providers[providerForQuery(view, subnet, "192.0.2.7", 4)]?.name).toBe(provider);
  });
});
