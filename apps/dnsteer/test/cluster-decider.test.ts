import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decideOnce, decideOnceOn } from "@dnsteer/control";
import { policyConfig } from "@dnsteer/policy";
import { type PathStat, type SourceInput, Store } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { startThrowawayCluster, type ThrowawayCluster } from "@dnsteer/store-pg/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeadingDecider } from "../src/cluster/leading-decider.js";
import { pgMissing, twoProviders } from "./cluster-fixtures.js";

/**
 * The decider over a shared PostgreSQL (a throwaway cluster): the same evaluation as over the
 * SQLite Store, and only the holder of the election decides; a standby takes over at its first
 * evaluation after the leader's session ended.
 */

const now = Date.now();
const options = { config: policyConfig({ mode: "latency", consecutive: 2, holdDownMs: 0, minSamples: 3 }), sourceMaxAgeMs: 600_000 };
const providers = twoProviders;

function stat(prefix: string, provider: string, rttMs: number, prefixLength = 32): PathStat {
  return {
    prefix,
    prefixLength,
    provider,
    kind: "icmp",
    ewmaRttUs: rttMs * 1000,
    medianRttUs: rttMs * 1000,
    lossRatio: 0,
    jitterUs: 0,
    sampleCount: 10,
    lastRttUs: null,
    window: Array.from({ length: 10 }, () => rttMs * 1000),
    updatedAt: now,
  };
}
const source = (address: string, rate: number, lastSeen = now - 1000): SourceInput => ({
  address,
  prefixLength: 32,
  aggregateAddress: null,
  aggregatePrefixLength: null,
  rate,
  queries: 100,
  groupCounts: {},
  firstSeen: now - 5000,
  lastSeen,
  ecs: false,
});
const SOURCES = [source("192.0.2.10", 5), source("192.0.2.20", 3), source("192.0.2.30", 1, now - 700_000)];
const STATS = [stat("192.0.2.10", "p1", 10), stat("192.0.2.10", "p2", 40), stat("192.0.2.20", "p1", 50), stat("192.0.2.20", "p2", 15)];

describe.skipIf(pgMissing)("the decider over PostgreSQL", () => {
  let cluster: ThrowawayCluster;
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-cluster-decider-"));
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
  });
  afterAll(async () => {
    await cluster?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  async function seeded(name: string): Promise<{ url: string; pg: PgBackend }> {
    const url = await cluster.createDatabase(name);
    const pg = await PgBackend.open(url);
    await pg.syncProviders(providers);
    await pg.reportDemand("r1", SOURCES);
    await pg.recordSamples("s1", [], STATS);
    return { url, pg };
  }

  it("decides what the SQLite controller decides from the same input, and drops aged-out sources", async () => {
    const { pg } = await seeded("same");
    const store = Store.open(join(dir, "same.sqlite"));
    store.syncProviders(providers);
    store.upsertSources(SOURCES);
    store.upsertPathStats(STATS);
    // A decision for the source that aged out: both must remove it.
    const stale = {
      source: "192.0.2.30/32",
      provider: "p1",
      level: "source" as const,
      prefixLength: 32,
      demandMbps: 0,
      reason: { mode: "latency" as const, cause: "first" as const, from: null, providers: [] },
      state: { provider: "p1", since: 0, challenger: null, challengerCount: 0 },
    };
    store.putDecisions([stale], now - 700_000);
    await pg.writeDecisions([stale], now - 700_000);

    const local = decideOnce(store, options, now);
    const shared = await decideOnceOn(pg, options, now);
    expect(shared.written).toBe(true);
    expect(shared.changed).toBe(local.changed);
    expect(shared.removed).toBe(1);
    expect(local.removed).toBe(1);
    const routes = (list: { source: string; provider: string }[]) => list.map((d) => `${d.source}=${d.provider}`).sort();
    expect(routes(await pg.listDecisions())).toEqual(routes(store.listDecisions()));
    expect(routes(await pg.listDecisions())).toEqual(["192.0.2.10/32=p1", "192.0.2.20/32=p2"]);
    // Nothing moved: the next evaluation writes nothing, so the map version stays.
    const version = await pg.mapVersion();
    expect((await decideOnceOn(pg, options, now + 1000)).changed).toBe(0);
    expect(await pg.mapVersion()).toBe(version);
    // A decider that is no longer leading writes nothing.
    await pg.deleteDecisions(["192.0.2.10/32"]);
    const fenced = await decideOnceOn(pg, options, now + 2000, () => false);
    expect(fenced.written).toBe(false);
    expect(routes(await pg.listDecisions())).toEqual(["192.0.2.20/32=p2"]);
    store.close();
    await pg.close();
  });

  it("only the leader decides; the standby takes over at its first evaluation after the leader's session died", async () => {
    const { url, pg } = await seeded("leader");
    const a = await PgBackend.open(url);
    const b = await PgBackend.open(url);
    const log: string[] = [];
    const events = (name: string) => ({
      decided: () => log.push(`${name} decided`),
      failed: (err: unknown) => log.push(`${name} failed ${String(err)}`),
      leading: () => log.push(`${name} leading`),
      lost: () => log.push(`${name} lost`),
    });
    // A long interval: the test drives each evaluation itself.
    const first = new LeadingDecider(a, options, 3_600_000, events("a"));
    const second = new LeadingDecider(b, options, 3_600_000, events("b"));
    await first.tick();
    await second.tick();
    expect(log).toEqual(["a leading", "a decided"]);
    expect(first.leading).toBe(true);
    expect(second.leading).toBe(false);
    await second.tick();
    expect(log).toEqual(["a leading", "a decided"]);

    // The leader's database session dies (as when its host or process does).
    const pids = await pg.pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'dnsteer leader decider'");
    expect(pids.rows.length).toBe(2);
    const holder = await pg.pool.query<{ pid: number }>(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid IN (SELECT pid FROM pg_stat_activity WHERE application_name = 'dnsteer leader decider')",
    );
    await pg.pool.query("SELECT pg_terminate_backend($1)", [holder.rows[0]!.pid]);
    await until(() => log.includes("a lost"));
    expect(first.leading).toBe(false);

    await pg.deleteDecisions(["192.0.2.10/32", "192.0.2.20/32"]);
    await second.tick();
    expect(log.slice(3)).toEqual(["b leading", "b decided"]);
    expect((await pg.listDecisions()).length).toBe(2);
    // The old leader, reconnected, is now the standby.
    await first.tick();
    expect(first.leading).toBe(false);
    expect(log.slice(5)).toEqual([]);

    await first.stop();
    await second.stop();
    for (const s of [a, b, pg]) await s.close();
  });
});

async function until(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
