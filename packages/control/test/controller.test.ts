import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { policyConfig } from "@dnsteer/policy";
import { type PathStat, Store } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decideOnce } from "../src/index.js";

/** The controller against a real SQLite file: what the worker wrote in, decisions out. */
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

const chosen = () => Object.fromEntries(store.listDecisions().map((d) => [d.source.slice(0, d.source.indexOf("/")), d.provider]));

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

describe("decideOnce", () => {
  it("chooses the fastest provider per source, falling back to the /24 for a silent source", () => {
    const outcome = decideOnce(store, options, now);
    expect(chosen()).toEqual({ "192.0.2.10": "p1", "192.0.2.20": "p2", "192.0.2.30": "p2" });
    expect(outcome).toMatchObject({ sources: 3, changed: 3, removed: 0 });
    const silent = store.getDecision("192.0.2.30", 32)!;
    expect(silent).toMatchObject({ level: "prefix", prefixLength: 24 });
  });

  it("switches only after the challenger wins the configured consecutive evaluations", () => {
    decideOnce(store, options, now);
    store.upsertPathStats([stat("192.0.2.10", "p1", 60)]);
    expect(decideOnce(store, options, now + 1000).changed).toBe(0);
    expect(chosen()["192.0.2.10"]).toBe("p1");
    expect(decideOnce(store, options, now + 2000).changed).toBe(1);
    expect(chosen()["192.0.2.10"]).toBe("p2");
  });

  it("fails over at once when every probe on a path is lost", () => {
    decideOnce(store, options, now);
    store.upsertPathStats([stat("192.0.2.10", "p1", null)]);
    decideOnce(store, options, now + 1000);
    expect(chosen()["192.0.2.10"]).toBe("p2");
    expect(store.getDecision("192.0.2.10", 32)!.reason).toMatchObject({ cause: "failover", from: "p1" });
    expect(store.getDecision("192.0.2.10", 32)!.state).toMatchObject({ provider: "p2", since: now + 1000 });
  });

  it("fails over after three consecutive losses, before the window is all loss", () => {
    decideOnce(store, options, now);
    const recent = stat("192.0.2.10", "p1", 10);
    recent.window = [...recent.window.slice(3), null, null, null];
    recent.lossRatio = 0.3;
    store.upsertPathStats([recent]);
    decideOnce(store, options, now + 1000);
    expect(chosen()["192.0.2.10"]).toBe("p2");
    recent.window = [...recent.window.slice(1), 10_000];
    store.upsertPathStats([recent]);
    expect(
      decideOnce(store, { ...options, downAfterLosses: 4 }, now + 2000)
        .result.decisions.find((d) => d.source === "192.0.2.10/32")
        ?.reason.providers.find((v) => v.provider === "p1")?.kind,
    ).not.toBe("path-down");
  });

  it("writes nothing (and so bumps no version) while nothing changes", () => {
    decideOnce(store, options, now);
    const version = store.decisionsVersion();
    expect(decideOnce(store, options, now + 1000).changed).toBe(0);
    expect(store.decisionsVersion()).toBe(version);
    decideOnce(store, { ...options, reasonRefreshMs: 500 }, now + 2000);
    expect(store.decisionsVersion()).not.toBe(version);
  });

  it("drops decisions of sources that aged out, and bumps the version the responder polls", () => {
    decideOnce(store, options, now);
    const version = store.decisionsVersion();
    const outcome = decideOnce(store, options, now + 700_000);
    expect(outcome.removed).toBe(3);
    expect(store.listDecisions()).toEqual([]);
    expect(store.decisionsVersion()).not.toBe(version);
  });
});

describe("decideOnce hands the policy each path's samples", () => {
  /** A path whose window holds these RTTs (ms), oldest first. */
  const windowed = (prefix: string, provider: string, rtts: number[]): PathStat => ({
    ...stat(prefix, provider, rtts[rtts.length - 1]!),
    window: rtts.map((ms) => ms * 1000),
    sampleCount: rtts.length,
  });
  const noisy = (ms: number) => Array.from({ length: 15 }, (_, i) => ms * (1 + 0.2 * Math.sin(i * 2.3)));
  const defaults = { config: policyConfig({ mode: "latency" }), sourceMaxAgeMs: 600_000 };

  it("a noisy near-tie stays put and says how sure the challenger is; a path that steps up on its newest samples is left", () => {
    store.upsertPathStats([windowed("192.0.2.10", "p1", noisy(20)), windowed("192.0.2.10", "p2", noisy(40))]);
    decideOnce(store, defaults, now);
    expect(chosen()["192.0.2.10"]).toBe("p1");
    store.upsertPathStats([windowed("192.0.2.10", "p2", noisy(18.5))]);
    decideOnce(store, defaults, now + 60_000);
    const held = store.getDecision("192.0.2.10", 32)!;
    expect(held).toMatchObject({ provider: "p1", state: { settled: false } });
    expect(held.reason.providers.find((v) => v.provider === "p2")?.kind).toBe("unconfirmed");
    // p1's last four samples (the scheduler's re-probes after the first) are 30 % up: p2 is now surely faster.
    store.upsertPathStats([
      windowed("192.0.2.10", "p1", [...Array(11).fill(20), 26, 26.1, 25.9, 26]),
      windowed("192.0.2.10", "p2", Array(15).fill(22)),
    ]);
    decideOnce(store, defaults, now + 120_000);
    expect(store.getDecision("192.0.2.10", 32)).toMatchObject({ provider: "p2", reason: { cause: "switched", from: "p1" } });
  });
});
