import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LATEST_VERSION } from "@dnsteer/storage";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startThrowawayCluster, type ThrowawayCluster } from "../src/cluster/index.js";
import { AdvisoryLockElection, openStoreBackend, PG_MIGRATIONS, PgBackend } from "../src/index.js";
import { collector, decision, provider, source } from "./fixtures.js";

/** What only PostgreSQL has: schema steps, sessions that die, a server that stops, concurrent writers. */
describe("PostgreSQL backend", () => {
  let cluster: ThrowawayCluster;
  let n = 0;
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
  });
  afterAll(() => cluster?.remove());
  const database = () => cluster.createDatabase(`pg${++n}`);
  const sql = async (url: string, text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  };

  describe("schema steps", () => {
    it("applies a step mirroring each SQLite version, and the PostgreSQL-only ones, once; a second open applies nothing", async () => {
      const url = await database();
      const a = await PgBackend.open(url);
      await a.close();
      const b = await PgBackend.open(url);
      await b.close();
      const rows = await sql(url, "SELECT step, sqlite_version FROM dnsteer_schema ORDER BY step");
      expect(rows).toEqual(
        PG_MIGRATIONS.map((m) => ({ step: m.step, sqlite_version: m.sqliteVersion })).sort((x, y) => (x.step < y.step ? -1 : 1)),
      );
      expect(rows.filter((r) => r.sqlite_version !== null).map((r) => r.sqlite_version)).toEqual(
        Array.from({ length: LATEST_VERSION }, (_, i) => i + 1),
      );
    });

    it("opens concurrently from several processes' worth of connections without applying a step twice", async () => {
      const url = await database();
      const stores = await Promise.all([1, 2, 3].map(() => PgBackend.open(url)));
      for (const s of stores) await s.close();
      expect(await sql(url, "SELECT count(*)::int AS n FROM dnsteer_schema")).toEqual([{ n: PG_MIGRATIONS.length }]);
    });

    it("refuses a database that has a step this build does not know (SCHEMA_TOO_NEW), changing nothing", async () => {
      const url = await database();
      await (await PgBackend.open(url, { migrations: PG_MIGRATIONS.slice(0, 2) })).close();
      await sql(url, "INSERT INTO dnsteer_schema (step, sqlite_version, applied_at) VALUES ('999-from-the-future', 999, 0)");
      await expect(PgBackend.open(url)).rejects.toMatchObject({ code: "SCHEMA_TOO_NEW" });
      expect(await sql(url, "SELECT count(*)::int AS n FROM dnsteer_schema")).toEqual([{ n: 3 }]);
    });

    it("a failing step is MIGRATION_FAILED and leaves nothing of itself", async () => {
      const url = await database();
      const broken = { step: "900-broken", sqliteVersion: null, sql: "CREATE TABLE half_done (x int); SELECT * FROM no_such_table;" };
      await expect(PgBackend.open(url, { migrations: [...PG_MIGRATIONS, broken] })).rejects.toMatchObject({ code: "MIGRATION_FAILED" });
      expect(await sql(url, "SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
      expect(await sql(url, "SELECT count(*)::int AS n FROM dnsteer_schema")).toEqual([{ n: PG_MIGRATIONS.length }]);
    });

    it("opens the backend a config's store section names", async () => {
      const url = await database();
      const pgStore = await openStoreBackend({ kind: "postgres", url });
      expect(pgStore.kind).toBe("postgres");
      await pgStore.close();
      const folder = mkdtempSync(join(tmpdir(), "dnsteer-open-"));
      try {
        const sqlite = await openStoreBackend({ kind: "sqlite", url: join(folder, "x.db"), site: "here" });
        expect([sqlite.kind, sqlite.sites]).toEqual(["sqlite", "one"]);
        await sqlite.close();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
      await expect(openStoreBackend({ kind: "mysql" as "sqlite", url: "x" })).rejects.toMatchObject({ code: "BAD_INPUT" });
    });

    it("an unreachable server is OPEN_FAILED", async () => {
      await expect(PgBackend.open(`postgresql://postgres@localhost:1/x?host=${encodeURIComponent(cluster.folder)}`)).rejects.toMatchObject({
        code: "OPEN_FAILED",
      });
      const election = new AdvisoryLockElection(
        `postgresql://postgres@localhost:1/x?host=${encodeURIComponent(cluster.folder)}`,
        "decider",
      );
      await expect(election.acquire()).rejects.toMatchObject({ code: "OPEN_FAILED" });
      expect(election.holds()).toBe(false);
    });
  });

  it("merges concurrent demand reports of many responders without losing a share", async () => {
    const url = await database();
    const responders = await Promise.all([1, 2, 3, 4].map(() => PgBackend.open(url)));
    try {
      const batch = Array.from({ length: 200 }, (_, i) => source(`10.${i >> 8}.${i & 255}.0`, { rate: 1, queries: 1 }));
      await Promise.all(responders.map((r, i) => r.reportDemand(`r${i}`, batch)));
      const list = await responders[0]!.listSources();
      expect(list).toHaveLength(200);
      expect(new Set(list.map((s) => s.rate))).toEqual(new Set([4]));
    } finally {
      for (const r of responders) await r.close();
    }
  });

  describe("leader election", () => {
    it("a leader whose session is ended hears 'lost'; the standby takes over", async () => {
      const url = await database();
      const store = await PgBackend.open(url);
      const leader = store.leaderElection("decider", { heartbeatMs: 200 });
      const standby = store.leaderElection("decider", { heartbeatMs: 200 });
      try {
        expect(await leader.acquire()).toBe(true);
        expect(await standby.acquire()).toBe(false);
        const lost = new Promise<string>((resolve) => leader.on("lost", resolve));
        await sql(url, "SELECT pg_terminate_backend($1)", [await leader.sessionPid()]);
        expect(await lost).toMatch(/connection|heartbeat/);
        expect(leader.holds()).toBe(false);
        expect(await standby.acquire()).toBe(true);
        // The old leader comes back as a standby on a new session.
        expect(await leader.acquire()).toBe(false);
      } finally {
        await leader.close();
        await standby.close();
        await store.close();
      }
    });
  });

  describe("map watch", () => {
    it("after a lost connection, the version check reports a change it got no NOTIFY for", async () => {
      const url = await database();
      const store = await PgBackend.open(url);
      await store.syncProviders([provider("p1")]);
      const seen = collector<number>();
      const errors = collector<Error>();
      const watch = await store.watchMapVersion(await store.mapVersion(), seen.feed, { intervalMs: 50, onError: errors.feed });
      try {
        // No NOTIFY at all: only the check after reconnecting can see this write.
        await sql(url, "ALTER TABLE change_counters DISABLE TRIGGER change_counters_notify");
        const written = await store.writeDecisions([decision("192.0.2.0/24", "p1")], 1);
        await sql(
          url,
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dnsteer map watch' AND datname = current_database()",
        );
        await errors.until(() => true);
        expect(await seen.until((v) => v >= written)).toBe(written);
      } finally {
        await watch.close();
        await store.close();
      }
    });

    it("survives PostgreSQL stopping and starting, and catches up; a watch started while it is down too", async () => {
      const own = await startThrowawayCluster();
      try {
        const url = await own.createDatabase("w");
        const writer = await PgBackend.open(url);
        await writer.syncProviders([provider("p1")]);
        const seen = collector<number>();
        const errors = collector<Error>();
        const watch = await writer.watchMapVersion(await writer.mapVersion(), seen.feed, { intervalMs: 50, onError: errors.feed });
        await own.stop();
        await errors.until(() => true);
        // A responder booting now: its watch starts, fails, and keeps trying.
        const bootSeen = collector<number>();
        const bootErrors = collector<Error>();
        const boot = await writer.watchMapVersion(0, bootSeen.feed, { intervalMs: 50, onError: bootErrors.feed });
        await bootErrors.until(() => true);
        expect(bootSeen.values).toEqual([]);
        await own.start();
        const written = await writer.writeDecisions([decision("192.0.2.0/24", "p1")], 1);
        expect(await seen.until((v) => v >= written)).toBe(written);
        expect(await bootSeen.until((v) => v >= written)).toBe(written);
        await watch.close();
        await boot.close();
        await writer.close();
      } finally {
        await own.remove();
      }
    }, 180_000); // its own cluster, stopped and started: seconds each on a loaded machine
  });
});
