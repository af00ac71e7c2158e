import { StorageError } from "@dnsteer/storage";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startThrowawayCluster, type ThrowawayCluster } from "../src/cluster/index.js";
import { PG_MIGRATIONS, PgBackend } from "../src/index.js";
import { decision, provider } from "./fixtures.js";

/** A deposed leader still writing, a query the network never answers: what the database must refuse or bound. */
describe("PostgreSQL faults", () => {
  let cluster: ThrowawayCluster;
  let n = 0;
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
  });
  afterAll(() => cluster?.remove());
  const database = () => cluster.createDatabase(`faults${++n}`);
  const client = async (url: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  };

  describe("fencing", () => {
    it("a leader whose lock session was killed cannot write once a successor is elected: FENCED, nothing of it stored", async () => {
      const url = await database();
      // Two deciders at two sites: their own pools, their own elections.
      const siteA = await PgBackend.open(url);
      const siteB = await PgBackend.open(url);
      await siteA.syncProviders([provider("p1"), provider("p2")]);
      const a = siteA.leaderElection("decider", { heartbeatMs: 60_000 });
      const b = siteB.leaderElection("decider", { heartbeatMs: 60_000 });
      const admin = await client(url);
      try {
        expect(await a.acquire()).toBe(true);
        const fenceA = a.fence()!;
        expect(fenceA).toEqual({ name: "decider", epoch: 1 });
        await siteA.writeDecisions([decision("192.0.2.0/24", "p1")], 1000, fenceA);

        // A's lock session dies (a network cut, a killed backend); A has not noticed yet (its
        // heartbeat is a minute away) and its pool's connections are fine.
        const lost = new Promise<string>((resolve) => a.on("lost", resolve));
        await admin.query("SELECT pg_terminate_backend($1)", [await a.sessionPid()]);
        expect(await b.acquire()).toBe(true);
        expect(b.fence()).toEqual({ name: "decider", epoch: 2 });
        const v = await siteB.writeDecisions([decision("198.51.100.0/24", "p2")], 2000, b.fence());

        // A's in-flight plan lands now: refused by the database, typed, nothing written.
        const stale = siteA.writeDecisions([decision("192.0.2.0/24", "p2"), decision("203.0.113.0/24", "p1")], 3000, fenceA);
        await expect(stale).rejects.toBeInstanceOf(StorageError);
        await expect(stale).rejects.toMatchObject({ code: "FENCED", message: /term 1 .*term now 2/ });
        await expect(siteA.deleteDecisions(["198.51.100.0/24"], fenceA)).rejects.toMatchObject({ code: "FENCED" });
        expect((await siteA.listDecisions()).map((d) => [d.source, d.provider, d.decidedAt])).toEqual([
          ["192.0.2.0/24", "p1", 1000],
          ["198.51.100.0/24", "p2", 2000],
        ]);
        expect(await siteA.mapVersion()).toBe(v);
        expect(await lost).toMatch(/connection/);
        expect(a.fence()).toBeUndefined();
      } finally {
        await admin.end();
        await a.close();
        await b.close();
        await siteA.close();
        await siteB.close();
      }
    });

    it("a successor's term starts only after a deposed leader's write in flight has ended", async () => {
      const url = await database();
      const store = await PgBackend.open(url);
      const a = store.leaderElection("decider", { heartbeatMs: 60_000 });
      const b = store.leaderElection("decider", { heartbeatMs: 60_000 });
      // A fenced write's first step, by hand: the epoch row held FOR SHARE in an open transaction.
      const inFlight = await client(url);
      const admin = await client(url);
      try {
        expect(await a.acquire()).toBe(true);
        await inFlight.query("BEGIN");
        expect((await inFlight.query("SELECT epoch FROM leader_epochs WHERE name = 'decider' FOR SHARE")).rows).toEqual([{ epoch: "1" }]);
        await admin.query("SELECT pg_terminate_backend($1)", [await a.sessionPid()]);
        let elected = false;
        const bWins = b.acquire().then((won) => {
          elected = won;
          return won;
        });
        // B has the lock but waits for its term: the row lock is B's to wait on, seen in pg_locks.
        await waitFor(async () => {
          const r = await admin.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name LIKE 'dnsteer leader%'",
          );
          return r.rows[0].n === 1;
        });
        expect(elected).toBe(false);
        await inFlight.query("COMMIT");
        expect(await bWins).toBe(true);
        expect(b.fence()?.epoch).toBe(2);
      } finally {
        await inFlight.end();
        await admin.end();
        await a.close();
        await b.close();
        await store.close();
      }
    });

    it("an unfenced write (no leader: a tool, a test) is not checked, a fenced one with no term yet is refused", async () => {
      const url = await database();
      const store = await PgBackend.open(url);
      try {
        await store.syncProviders([provider("p1")]);
        expect(await store.writeDecisions([decision("192.0.2.0/24", "p1")], 1000)).toBeGreaterThan(0);
        await expect(store.writeDecisions([decision("192.0.2.0/24", "p1")], 1000, { name: "decider", epoch: 1 })).rejects.toMatchObject({
          code: "FENCED",
          message: /term now none/,
        });
      } finally {
        await store.close();
      }
    });
  });

  describe("query timeouts", () => {
    it("a statement blocked behind another session's lock ends at store.queryTimeoutMs as UNREACHABLE; the pool goes on", async () => {
      const url = await database();
      const store = await PgBackend.open(url, { timeouts: { queryMs: 400 } });
      await store.syncProviders([provider("p1")]);
      const blocker = await client(url);
      try {
        await blocker.query("BEGIN");
        await blocker.query("LOCK TABLE decisions IN ACCESS EXCLUSIVE MODE");
        // A read (a pool query) and a write (a transaction) both wait on the lock; neither hangs.
        const started = Date.now();
        await expect(store.listDecisions()).rejects.toMatchObject({ code: "UNREACHABLE", message: /no answer within 400 ms/ });
        expect(Date.now() - started).toBeGreaterThanOrEqual(400);
        const write = store.writeDecisions([decision("192.0.2.0/24", "p1")], 1000);
        await expect(write).rejects.toBeInstanceOf(StorageError);
        await expect(write).rejects.toMatchObject({ code: "UNREACHABLE", message: /store\.queryTimeoutMs/ });
        await blocker.query("ROLLBACK");
        // Nothing of the timed-out write is stored; the pool serves the next caller.
        expect(await store.listDecisions()).toEqual([]);
        await store.writeDecisions([decision("192.0.2.0/24", "p1")], 1000);
        expect((await store.listDecisions()).length).toBe(1);
      } finally {
        await blocker.end();
        await store.close();
      }
    });

    it("schema steps and the wait for another process's migration are not bound by the query timeout", async () => {
      const url = await database();
      const admin = await client(url);
      try {
        // Another process is migrating (holds the migration lock) for longer than queryMs.
        await admin.query("SELECT pg_advisory_lock($1)", [0x646e_7374_6565_72n.toString()]);
        const slowStep = { step: "zz-slow", sqliteVersion: null, sql: "SELECT pg_sleep(0.6)" };
        const opening = PgBackend.open(url, { timeouts: { queryMs: 200 }, migrations: [...PG_MIGRATIONS, slowStep] });
        await new Promise((r) => setTimeout(r, 600));
        await admin.query("SELECT pg_advisory_unlock_all()");
        const store = await opening;
        expect(store.steps).toContain("zz-slow");
        // The steady state is bound again.
        await expect(store.pool.query("SELECT pg_sleep(1)")).rejects.toMatchObject({ code: "UNREACHABLE" });
        await store.close();
      } finally {
        await admin.end();
      }
    });

    it("a server that answers nothing at all (its backend frozen, as behind a network cut) is UNREACHABLE on this side's bound", async () => {
      const url = await database();
      const store = await PgBackend.open(url, { poolSize: 2, timeouts: { queryMs: 300 } });
      await Promise.all([store.mapVersion(), store.countSamples()]); // both pooled connections open and idle
      const admin = await client(url);
      const pids = (
        await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'dnsteer'",
        )
      ).rows.map((r) => r.pid);
      await admin.end();
      expect(pids.length).toBe(2);
      for (const pid of pids) process.kill(pid, "SIGSTOP");
      try {
        // The server's own statement_timeout cannot fire in a frozen process: this side's bound (+2 s) does.
        await expect(store.mapVersion()).rejects.toMatchObject({ code: "UNREACHABLE", message: /no answer within 300 ms/ });
      } finally {
        for (const pid of pids) process.kill(pid, "SIGCONT");
      }
      // That connection is not reused (its late answer would be misread): the next caller is served.
      expect(await store.mapVersion()).toBeGreaterThanOrEqual(0);
      await store.close();
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
