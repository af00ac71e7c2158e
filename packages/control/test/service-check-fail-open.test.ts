import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { policyConfig } from "@dnsteer/policy";
import { type PathStat, Store } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decideOnce } from "../src/index.js";

/**
 * A provider whose service fails its checks (the worker stores provider_health with cause
 * "service-check") is answered to nobody; when every provider fails, the answer fails open to
 * the default provider (cause "all-down") instead of leaving sources without one.
 */
describe("service checks in decisions (real SQLite store)", () => {
  let dir: string;
  let store: Store;
  const now = 1_000_000;
  const provider = (name: string) => ({
    name,
    sourceV4: null,
    sourceV6: null,
    serviceA: [],
    serviceAAAA: [],
    pricePerMbps: 0,
    commitMbps: 0,
    priceAboveCommit: 0,
    capacityMbps: null,
  });
  const stat = (prefix: string, provider: string, rttUs: number): PathStat => ({
    prefix,
    prefixLength: 32,
    provider,
    kind: "icmp",
    ewmaRttUs: rttUs,
    medianRttUs: rttUs,
    lossRatio: 0,
    jitterUs: 10,
    sampleCount: 20,
    lastRttUs: rttUs,
    window: Array(15).fill(rttUs),
    updatedAt: now - 1000,
  });
  const serviceDown = (name: string) => ({
    provider: name,
    healthy: false,
    cause: "service-check",
    family: 4 as const,
    detail: `GET http://192.0.2.1:80/: ECONNREFUSED`,
    since: now - 500,
    updatedAt: now - 500,
  });
  const decide = () => decideOnce(store, { config: policyConfig({ defaultProviders: ["p2", "p1"] }), sourceMaxAgeMs: 3_600_000 }, now);
  const decisionOf = (source: string) => store.getDecision(source, 32)!;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dnsteer-control-service-"));
    store = Store.open(join(dir, "t.sqlite"));
    store.syncProviders([provider("p1"), provider("p2")]);
    store.upsertSources(
      ["198.51.100.1", "198.51.100.2"].map((address) => ({
        address,
        prefixLength: 32,
        aggregateAddress: null,
        aggregatePrefixLength: null,
        rate: 10,
        queries: 100,
        groupCounts: {},
        firstSeen: now - 10_000,
        lastSeen: now - 1000,
        ecs: false,
      })),
    );
    // p1 is the faster path for both sources.
    store.upsertPathStats([
      stat("198.51.100.1", "p1", 5_000),
      stat("198.51.100.1", "p2", 40_000),
      stat("198.51.100.2", "p1", 6_000),
      stat("198.51.100.2", "p2", 50_000),
    ]);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a provider failing its service check is not answered to anyone, though its paths are fastest", () => {
    decide();
    expect(decisionOf("198.51.100.1").provider).toBe("p1");
    store.putProviderHealth([serviceDown("p1")], now);
    decide();
    for (const s of ["198.51.100.1", "198.51.100.2"]) {
      const d = decisionOf(s);
      expect(d.provider).toBe("p2");
      expect(d.reason.providers.find((v) => v.provider === "p1")).toMatchObject({ kind: "down" });
    }
  });

  it("every provider failing: fails open to the default provider (cause all-down), no source left unanswered", () => {
    store.putProviderHealth([serviceDown("p1"), serviceDown("p2")], now);
    const out = decide();
    expect(out.result.decisions).toHaveLength(2);
    for (const s of ["198.51.100.1", "198.51.100.2"]) {
      const d = decisionOf(s);
      expect(d.provider).toBe("p2"); // defaultProviders' first
      expect(d.reason.cause).toBe("all-down");
    }
    // p1's service comes back: its sources return to it.
    store.putProviderHealth([{ ...serviceDown("p1"), healthy: true, cause: null, detail: null }], now);
    decide();
    expect(decisionOf("198.51.100.1").provider).toBe("p1");
  });
});
