import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StorageError, Store } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { startThrowawayCluster, type ThrowawayCluster } from "@dnsteer/store-pg/cluster";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAP_CACHE_FILE, ResponderBridge } from "../src/cluster/responder-bridge.js";
import { registerResponderClusterMetrics } from "../src/cluster/responder-hooks.js";
import { readResponderState, startResponderStateFile } from "../src/cluster/responder-state.js";
import { demand, pgMissing, twoProviders } from "./cluster-fixtures.js";
import { decision } from "./store-fixtures.js";

/**
 * The responder's bridge over a real PostgreSQL (a throwaway cluster) and a real local SQLite
 * file: decisions mirrored into the local store, demand reported, staleness while the database
 * is down, catching up when it is back, starting from the cached map when it is down at boot.
 */

const providers = twoProviders;

describe.skipIf(pgMissing)("the responder's bridge to PostgreSQL", () => {
  let cluster: ThrowawayCluster;
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-cluster-responder-"));
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
  });
  afterAll(async () => {
    await cluster?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it("mirrors the shared decisions, reports demand, and keeps serving while the database is down", async () => {
    const url = await cluster.createDatabase("responder");
    const shared = await PgBackend.open(url);
    await shared.syncProviders(providers);
    await shared.writeDecisions([decision("192.0.2.0/24", "p1"), decision("198.51.100.0/24", "p2")], 1000);
    const store = Store.open(join(dir, "r1.sqlite"));
    store.syncProviders(providers);
    const errors: string[] = [];
    const settings = { url, site: "s1", responder: "r1" };
    const options = { settings, store, dataDir: dir, checkMs: 200, onError: (what: string) => errors.push(what) };
    const bridge = await ResponderBridge.start(options);
    const routes = () =>
      store
        .listDecisionRoutes()
        .map((r) => `${r.prefix}/${r.prefixLength}=${r.provider}`)
        .sort();
    await until(() => routes().length === 2);
    expect(routes()).toEqual(["192.0.2.0/24=p1", "198.51.100.0/24=p2"]);
    expect(existsSync(join(dir, MAP_CACHE_FILE))).toBe(true);

    // A change (and a removal) reaches the local store.
    await shared.writeDecisions([decision("192.0.2.0/24", "p2")], 2000);
    await shared.deleteDecisions(["198.51.100.0/24"]);
    await until(() => routes().join() === "192.0.2.0/24=p2");
    const localVersion = store.decisionsVersion();

    bridge.reportDemand([demand("203.0.113.0", 4)]);
    await until(() => bridge.demandReports === 1);
    expect((await shared.listSources()).map((s) => [s.address, s.rate])).toEqual([["203.0.113.0", 4]]);
    await shared.close();

    // The database goes away: the local decisions stay, staleness grows, failed reports are counted.
    await cluster.stop();
    await until(() => bridge.stalenessMs() > 1000);
    bridge.reportDemand([demand("203.0.113.0", 5)]);
    await until(() => bridge.demandFailures === 1);
    expect(routes()).toEqual(["192.0.2.0/24=p2"]);
    expect(store.decisionsVersion()).toBe(localVersion);
    expect(errors).toContain("demand");
    // ... as /metrics and `dnsteer status` (its state file) say.
    const registry = new Registry();
    registerResponderClusterMetrics(registry, bridge);
    const text = await registry.metrics();
    const staleSeconds = Number(/^dnsteer_decision_map_staleness_seconds (\S+)$/m.exec(text)?.[1]);
    expect(staleSeconds).toBeGreaterThan(1);
    expect(text).toMatch(new RegExp(`^dnsteer_decision_map_version ${bridge.mapVersion}$`, "m"));
    expect(text).toMatch(/^dnsteer_demand_report_failures 1$/m);
    const stopState = startResponderStateFile(bridge, "r1", dir, 60_000);
    stopState();
    expect(readResponderState(dir)).toMatchObject({ responder: "r1", mapVersion: bridge.mapVersion, demandFailures: 1 });
    expect(readResponderState(dir)!.stalenessMs).toBeGreaterThan(1000);

    // A responder starting meanwhile starts from the cached map (its local store has the decisions).
    const store2 = Store.open(join(dir, "r2.sqlite"));
    const second = await ResponderBridge.start({ ...options, store: store2, settings: { ...settings, responder: "r2" } });
    expect(second.mapVersion).toBe(bridge.mapVersion);
    expect(second.stalenessMs()).toBeGreaterThan(0);

    // Back: the map is confirmed again, the next change arrives, demand reports again.
    await cluster.start();
    await until(() => bridge.stalenessMs() < 1000);
    const again = await PgBackend.open(url);
    await again.writeDecisions([decision("198.51.100.0/24", "p1")], 3000);
    await until(() => routes().length === 2);
    expect(routes()).toEqual(["192.0.2.0/24=p2", "198.51.100.0/24=p1"]);
    bridge.reportDemand([demand("203.0.113.0", 6)]);
    await until(() => bridge.demandReports === 2);
    expect((await again.listSources())[0]!.rate).toBe(6);

    await second.close();
    await bridge.close();
    await again.close();
    store.close();
    store2.close();
  });

  it("reads every decision once, then only what changed: one rewritten and one deleted decision move one row each", async () => {
    const url = await cluster.createDatabase("incremental");
    const shared = await PgBackend.open(url);
    await shared.syncProviders(providers);
    const many = Array.from({ length: 50 }, (_, i) => decision(`10.0.${i}.0/24`, i % 2 ? "p1" : "p2"));
    await shared.writeDecisions(many, 1000);
    const store = Store.open(join(dir, "incremental.sqlite"));
    store.syncProviders(providers);
    const mirrored: { version: number; changed: number; full: boolean }[] = [];
    const bridge = await ResponderBridge.start({
      settings: { url, site: "s1", responder: "r1" },
      store,
      dataDir: mkdtempSync(join(dir, "incremental-")),
      checkMs: 200,
      onError: () => undefined,
      onMirrored: (version, changed, full) => mirrored.push({ version, changed, full }),
    });
    const provider = (source: string) => store.listDecisionRoutes().find((r) => `${r.prefix}/${r.prefixLength}` === source)?.provider;
    await until(() => mirrored.length === 1);
    expect(mirrored[0]).toMatchObject({ changed: 50, full: true });
    expect(store.listDecisionRoutes().length).toBe(50);

    const v = await shared.writeDecisions([decision("10.0.7.0/24", "p2")], 2000);
    await until(() => mirrored.some((m) => m.version >= v));
    expect(provider("10.0.7.0/24")).toBe("p2");
    const w = await shared.deleteDecisions(["10.0.8.0/24"]);
    await until(() => mirrored.some((m) => m.version >= w));
    expect(provider("10.0.8.0/24")).toBeUndefined();
    expect(store.listDecisionRoutes().length).toBe(49);
    // After the first, each read brought only the row that moved.
    expect(mirrored.slice(1).map((m) => [m.changed, m.full])).toEqual([
      [1, false],
      [1, false],
    ]);
    await bridge.close();
    await shared.close();
    store.close();
  });

  it("a database gone silent (a network cut: no error, no answer) is unreachable within store.queryTimeoutMs: staleness grows, reports fail, then it catches up", async () => {
    const url = await cluster.createDatabase("silent");
    const shared = await PgBackend.open(url);
    await shared.syncProviders(providers);
    await shared.writeDecisions([decision("192.0.2.0/24", "p1")], 1000);
    await shared.close();
    const store = Store.open(join(dir, "silent.sqlite"));
    store.syncProviders(providers);
    const failures: { what: string; err: unknown }[] = [];
    const settings = { url, site: "s1", responder: "r1", timeouts: { queryMs: 300, connectMs: 500 } };
    const bridge = await ResponderBridge.start({
      settings,
      store,
      dataDir: mkdtempSync(join(dir, "silent-")),
      checkMs: 200,
      onError: (what, err) => failures.push({ what, err }),
    });
    await until(() => store.listDecisionRoutes().length === 1 && bridge.stalenessMs() < 1000);

    // Freeze the server: its postmaster (new connections hang) and this database's sessions.
    // Looked up from another database: its own sessions are not frozen.
    const admin = await PgBackend.open(await cluster.createDatabase("silent_admin"));
    const dataDir = (await admin.pool.query<{ data_directory: string }>("SHOW data_directory")).rows[0]!.data_directory;
    const postmaster = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const sessions = (await admin.pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = 'silent'")).rows.map(
      (r) => r.pid,
    );
    const frozen = [postmaster, ...sessions];
    for (const pid of frozen) process.kill(pid, "SIGSTOP");
    try {
      await until(() => bridge.stalenessMs() > 1500);
      bridge.reportDemand([demand("203.0.113.0", 4)]);
      await until(() => bridge.demandFailures === 1);
      const codes = new Set(failures.map((f) => `${f.what} ${f.err instanceof StorageError ? f.err.code : String(f.err)}`));
      expect([...codes].every((c) => / (UNREACHABLE|OPEN_FAILED)$/.test(c))).toBe(true);
      expect(codes).toContain("map UNREACHABLE");
      expect(store.listDecisionRoutes().length).toBe(1);
    } finally {
      for (const pid of frozen) process.kill(pid, "SIGCONT");
    }
    // It answers again: the map is confirmed, demand reported.
    await until(() => bridge.stalenessMs() < 1000);
    bridge.reportDemand([demand("203.0.113.0", 5)]);
    await until(() => bridge.demandReports === 1);
    await admin.close();
    await bridge.close();
    store.close();
  });
});

async function until(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
