import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decideOnce, decideOnceOn } from "@dnsteer/control";
import { policyConfig } from "@dnsteer/policy";
import { type Decision, type LeaderFence, type PathStat, type SourceInput, Store, type StoreBackend } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { startThrowawayCluster, type ThrowawayCluster } from "@dnsteer/store-pg/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deciderRegistry } from "../src/cluster/decider-metrics.js";
import { LeadingDecider } from "../src/cluster/leading-decider.js";
import { pgMissing, twoProviders } from "./cluster-fixtures.js";
import { pathStat } from "./store-fixtures.js";

/**
 * The decider over a shared PostgreSQL (a throwaway cluster): the same evaluation as over the
 * SQLite Store, and only the holder of the election decides; a standby takes over at its first
 * evaluation after the leader's session ended.
 */

const now = Date.now();
const options = { config: policyConfig({ mode: "latency", consecutive: 2, holdDownMs: 0, minSamples: 3 }), sourceMaxAgeMs: 600_000 };
const providers = twoProviders;

function stat(prefix: string, provider: string, rttMs: number, prefixLength = 32): PathStat {
  return pathStat(prefix, provider, rttMs, prefixLength, now);
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
      fenced: (message: string) => log.push(`${name} fenced ${message}`),
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

  it("a leader deposed during its write (its lock session killed, a standby elected) has that write refused, steps down and counts it", async () => {
    const { url, pg } = await seeded("fenced");
    const a = await PgBackend.open(url);
    const b = await PgBackend.open(url);
    // A's write is held at a gate before it reaches the database: a plan in flight on a slow link.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const held: { decidedAt: number; fence?: LeaderFence }[] = [];
    const slowA = new Proxy(a, {
      get(target, prop, receiver) {
        if (prop !== "writeDecisions") return Reflect.get(target, prop, receiver);
        return async (batch: readonly Decision[], decidedAt: number, fence?: LeaderFence) => {
          held.push({ decidedAt, fence });
          await gate;
          return target.writeDecisions(batch, decidedAt, fence);
        };
      },
    }) as StoreBackend;
    const log: string[] = [];
    const events = (name: string) => ({
      decided: () => log.push(`${name} decided`),
      failed: (err: unknown) => log.push(`${name} failed ${String(err)}`),
      leading: () => log.push(`${name} leading`),
      lost: () => log.push(`${name} lost`),
      fenced: (message: string) => log.push(`${name} fenced ${message}`),
    });
    const first = new LeadingDecider(slowA, options, 3_600_000, events("a"));
    const second = new LeadingDecider(b, options, 3_600_000, events("b"));
    const aTick = first.tick();
    await until(() => held.length === 1);
    expect(held[0]!.fence).toEqual({ name: "decider", epoch: 1 });
    expect(first.term).toBe(1);

    // A's lock session dies while its write waits; B is elected and decides.
    const holder = await pg.pool.query<{ pid: number }>(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid IN (SELECT pid FROM pg_stat_activity WHERE application_name = 'dnsteer leader decider')",
    );
    await pg.pool.query("SELECT pg_terminate_backend($1)", [holder.rows[0]!.pid]);
    await new Promise((r) => setTimeout(r, 5));
    await second.tick();
    expect(second.term).toBe(2);
    const afterB = await pg.listDecisions();
    expect(afterB.map((d) => d.source).sort()).toEqual(["192.0.2.10/32", "192.0.2.20/32"]);
    expect(afterB.every((d) => d.decidedAt > held[0]!.decidedAt)).toBe(true);

    // A's write goes on now: the database refuses it; A steps down and counts it.
    open();
    await aTick;
    expect(log).toContain("b decided");
    expect(log.filter((l) => l.startsWith("a fenced"))).toEqual([expect.stringMatching(/term 1 .*term now 2/)]);
    expect(log.some((l) => l.startsWith("a failed"))).toBe(false);
    expect(first.counts).toEqual({ evaluations: 1, failures: 0, fencedWrites: 1 });
    expect(first.leading).toBe(false);
    const metrics = await deciderRegistry(first).metrics();
    expect(metrics).toMatch(/^dnsteer_decider_fenced_writes_total 1$/m);
    expect(metrics).toMatch(/^dnsteer_decider_leading 0$/m);
    expect(await deciderRegistry(second).metrics()).toMatch(/^dnsteer_decider_term 2$/m);
    expect(await pg.listDecisions()).toEqual(afterB);
    // Stepped down for good: its next evaluation finds the lock taken and stands by.
    await first.tick();
    expect(first.leading).toBe(false);
    expect(log.filter((l) => l.startsWith("a ")).length).toBe(3);

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
