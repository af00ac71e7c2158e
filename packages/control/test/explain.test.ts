import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Decision } from "@dnsteer/model";
import { policyConfig } from "@dnsteer/policy";
import { type PathStat, SqliteBackend, Store } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decideOnce, explain, explainOn, type SteeringSetup } from "../src/index.js";

/** explain against a real SQLite file, through the responder's decision map and steering view. */
let store: Store;
const now = 1_800_000_000_000;
const providers = [
  { name: "p1", serviceA: ["203.0.113.80"], serviceAAAA: ["2001:db8:1::80"] },
  { name: "p2", serviceA: ["198.51.100.80"], serviceAAAA: [] },
];
const setup = (defaultProvider?: string): SteeringSetup => ({
  providers,
  steering: { names: [{ name: "www.example.test." }], defaultProvider, ttl: 30 },
});

function decision(source: string, provider: string): Decision {
  return {
    source,
    provider,
    level: "source",
    prefixLength: Number(source.split("/")[1]),
    demandMbps: 0,
    reason: { mode: "latency", cause: "first", from: null, providers: [] },
    state: { provider, since: now, challenger: null, challengerCount: 0 },
  };
}

function stat(prefix: string, provider: string, rttMs: number): PathStat {
  return {
    prefix,
    prefixLength: 32,
    provider,
    kind: "icmp",
    ewmaRttUs: rttMs * 1000,
    medianRttUs: rttMs * 1000,
    lossRatio: 0,
    jitterUs: 0,
    sampleCount: 10,
    lastRttUs: null,
    window: Array(10).fill(rttMs * 1000),
    updatedAt: now,
  };
}

beforeEach(() => {
  store = Store.open(join(mkdtempSync(join(tmpdir(), "dnsteer-explain-")), "t.sqlite"), { now: () => now });
  store.syncProviders(
    [...providers, { name: "p3", serviceA: ["192.0.2.99"], serviceAAAA: [] }].map((p) => ({
      ...p,
      sourceV4: null,
      sourceV6: null,
      pricePerMbps: 1,
      commitMbps: 0,
      priceAboveCommit: 1,
      capacityMbps: null,
    })),
  );
  store.putDecisions(
    [decision("192.0.2.0/24", "p1"), decision("192.0.2.7/32", "p2"), decision("198.18.0.0/15", "p3"), decision("2001:db8:ff::/48", "p2")],
    now,
  );
});
afterEach(() => store.close());

describe("explain", () => {
  it.each([
    [
      "a resolver's own decision",
      { address: "192.0.2.7" },
      { source: "192.0.2.7/32", provider: "p2", basis: "decision", scope: null, decision: { prefix: "192.0.2.7", prefixLength: 32 } },
    ],
    [
      "the covering /24",
      { address: "192.0.2.8" },
      { provider: "p1", basis: "decision", decision: { prefix: "192.0.2.0", prefixLength: 24, level: "source", cause: "first" } },
    ],
    ["no decision: the default", { address: "203.0.113.9" }, { provider: "p1", basis: "default", decision: null }],
    [
      "a decision for a provider serve does not know: the default, as the map skips it",
      { address: "198.18.1.1" },
      { provider: "p1", basis: "default", decision: null },
    ],
    [
      "an ECS subnet decides, with the scope of its answer",
      { address: "203.0.113.9", clientSubnet: "192.0.2.0/24" },
      { source: "192.0.2.0/24", provider: "p1", scope: 24 },
    ],
    [
      "an ECS subnet is masked to its length",
      { address: "203.0.113.9", clientSubnet: "192.0.2.7/31" },
      { source: "192.0.2.6/31", provider: "p1", scope: 31 },
    ],
    [
      "ECS /0 asks for no subnet: the resolver decides",
      { address: "192.0.2.7", clientSubnet: "0.0.0.0/0" },
      { source: "192.0.2.7/32", provider: "p2", scope: null },
    ],
    [
      "IPv6, any spelling",
      { address: "2001:DB8:FF:0::53" },
      { source: "2001:db8:ff::53/128", provider: "p2", decision: { prefix: "2001:db8:ff::", prefixLength: 48 } },
    ],
  ] as const)("%s", (_label, query, expected) => {
    expect(explain(store, setup("p1"), query)).toMatchObject(expected);
  });

  it("answers AAAA as the server does: the zone's own records when the provider has no IPv6 address", () => {
    expect(explain(store, setup("p1"), { address: "192.0.2.7" }).answer).toEqual({ a: ["198.51.100.80"], aaaa: [] });
    expect(explain(store, setup("p1"), { address: "192.0.2.8" }).answer).toEqual({ a: ["203.0.113.80"], aaaa: ["2001:db8:1::80"] });
  });

  it("without a default provider, a source without a decision gets the zone; without steering, every source does", () => {
    expect(explain(store, setup(), { address: "203.0.113.9" })).toMatchObject({
      provider: null,
      basis: "zone",
      answer: { a: [], aaaa: [] },
    });
    expect(explain(store, { providers }, { address: "192.0.2.7" })).toMatchObject({ provider: null, basis: "zone", decision: null });
  });

  it("names bad input clearly", () => {
    expect(() => explain(store, setup(), { address: "not-an-ip" })).toThrow(expect.objectContaining({ code: "BAD_ADDRESS" }));
    expect(() => explain(store, setup(), { address: "192.0.2.1", clientSubnet: "192.0.2.0/33" })).toThrow(
      expect.objectContaining({ code: "BAD_PREFIX_LENGTH" }),
    );
  });

  it("shows why the others lost and the paths measured, for a decision the controller made", () => {
    store.upsertSources([
      {
        family: 4,
        address: "192.0.2.20",
        prefixLength: 32,
        aggregateAddress: null,
        aggregatePrefixLength: null,
        rate: 1,
        queries: 1,
        groupCounts: {},
        firstSeen: now,
        lastSeen: now,
        ecs: false,
      },
    ]);
    store.upsertPathStats([stat("192.0.2.20", "p1", 50), stat("192.0.2.20", "p2", 15), stat("192.0.2.20", "p3", 90)]);
    decideOnce(store, { config: policyConfig({ mode: "latency", minSamples: 3 }), sourceMaxAgeMs: 600_000 }, now);
    const e = explain(store, setup("p1"), { address: "192.0.2.20" });
    expect(e).toMatchObject({ provider: "p2", basis: "decision", decision: { prefix: "192.0.2.20", prefixLength: 32, level: "source" } });
    expect(e.verdicts.find((v) => v.provider === "p1")?.verdict).toMatch(/slower by 35(\.0)? ms/);
    expect(e.paths.map((p) => [p.provider, p.medianMs])).toEqual(
      expect.arrayContaining([
        ["p1", 50],
        ["p2", 15],
      ]),
    );
  });

  it("explainOn over a StoreBackend answers as explain over the Store, and refuses bad input before reading", async () => {
    store.upsertPathStats([stat("192.0.2.7", "p1", 50), stat("192.0.2.7", "p2", 15)]);
    const backend = new SqliteBackend(store, "local", "explain-test");
    for (const q of [
      { address: "192.0.2.7" },
      { address: "192.0.2.8" },
      { address: "203.0.113.9" },
      { address: "203.0.113.9", clientSubnet: "192.0.2.7/31" },
      { address: "2001:DB8:FF:0::53" },
    ]) {
      expect(await explainOn(backend, setup("p1"), q)).toEqual(explain(store, setup("p1"), q));
    }
    expect((await explainOn(backend, setup("p1"), { address: "192.0.2.7" })).paths).toHaveLength(2);
    expect(await explainOn(backend, { providers }, { address: "192.0.2.7" })).toMatchObject({ basis: "zone", decision: null });
    await expect(explainOn(backend, setup(), { address: "not-an-ip" })).rejects.toMatchObject({ code: "BAD_ADDRESS" });
  });
});
