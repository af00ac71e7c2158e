import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { policyConfig } from "@dnsteer/policy";
import { type PathStat, Store } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decideOnce } from "../src/index.js";

/** The policy set through the API (the store's admin repository) reaches the next evaluation. */
let store: Store;
const now = 1_800_000_000_000;
const options = { config: policyConfig({ mode: "latency", consecutive: 2, holdDownMs: 0, minSamples: 3 }), sourceMaxAgeMs: 600_000 };

function stat(prefix: string, provider: string, rttMs: number | null, prefixLength = 32): PathStat {
  const window = Array.from({ length: 10 }, () => (rttMs === null ? null : rttMs * 1000));
  return {
    prefix,
    prefixLength,
    provider,
    kind: "icmp",
    ewmaRttUs: rttMs === null ? null : rttMs * 1000,
    medianRttUs: rttMs === null ? null : rttMs * 1000,
    lossRatio: rttMs === null ? 1 : 0,
    jitterUs: 0,
    sampleCount: 10,
    lastRttUs: null,
    window,
    updatedAt: now,
  };
}

const source = (address: string, rate: number) => ({
  family: 4 as const,
  address,
  prefixLength: 32,
  aggregateAddress: address.replace(/\.\d+$/, ".0"),
  aggregatePrefixLength: 24,
  rate,
  queries: 100,
  groupCounts: {},
  firstSeen: now - 1000,
  lastSeen: now - 1000,
  ecs: false,
});

const _chosen = () => Object.fromEntries(store.listDecisions().map((d) => [d.source.slice(0, d.source.indexOf("/")), d.provider]));

beforeEach(() => {
  store = Store.open(join(mkdtempSync(join(tmpdir(), "dnsteer-control-")), "t.sqlite"), { now: () => now });
  store.syncProviders([
    {
      name: "p1",
      sourceV4: null,
      sourceV6: null,
      serviceA: ["203.0.113.80"],
      serviceAAAA: [],
      pricePerMbps: 1,
      commitMbps: 0,
      priceAboveCommit: 1,
      capacityMbps: null,
    },
    {
      name: "p2",
      sourceV4: null,
      sourceV6: null,
      serviceA: ["198.51.100.80"],
      serviceAAAA: [],
      pricePerMbps: 1,
      commitMbps: 0,
      priceAboveCommit: 1,
      capacityMbps: null,
    },
  ]);
  store.upsertSources([source("192.0.2.10", 5), source("192.0.2.20", 3), source("192.0.2.30", 1)]);
  store.upsertPathStats([
    stat("192.0.2.10", "p1", 10),
    stat("192.0.2.10", "p2", 40),
    stat("192.0.2.20", "p1", 50),
    stat("192.0.2.20", "p2", 15),
    stat("192.0.2.0", "p1", 30, 24),
    stat("192.0.2.0", "p2", 20, 24), // the /24 aggregate: p2 faster
  ]);
});
afterEach(() => store.close());

const modes = () => store.listDecisions().map((d) => d.reason.mode);

describe("decideOnce with a policy set through the API", () => {
  it("uses the stored policy from the next evaluation on, and rewrites the reasons it made before", () => {
    expect(decideOnce(store, options, now).policy.mode).toBe("latency");
    expect(new Set(modes())).toEqual(new Set(["latency"]));
    // What PUT /v1/policy writes: the validated body, JSON (rttCeilingMs null = no ceiling).
    store.admin.policy.put({ mode: "cost", rttCeilingMs: null }, now + 500);
    const outcome = decideOnce(store, options, now + 1000);
    expect(outcome.policy).toMatchObject({ mode: "cost", rttCeilingMs: Infinity, consecutive: 2, minSamples: 3 });
    expect(outcome.storedPolicyError).toBeUndefined();
    expect(modes()).toHaveLength(3);
    expect(new Set(modes())).toEqual(new Set(["cost"]));
  });

  it("runs the config's policy and says why when the stored one does not validate", () => {
    store.admin.policy.put({ mode: "cheapest" }, now - 500);
    const outcome = decideOnce(store, options, now);
    expect(outcome.policy.mode).toBe("latency");
    expect(outcome.storedPolicyError).toMatch(/mode cheapest/);
    expect(new Set(modes())).toEqual(new Set(["latency"]));
  });
});
