import { encodeReason } from "@dnsteer/storage";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PgBackend } from "../src/index.js";
import { decision, postgresKind, provider } from "./fixtures.js";

/**
 * PostgreSQL's incremental reads (step 012): writers that interleave never hide a change from a
 * reader between them, and a reader below the tombstone floor reads everything.
 */
describe("decision changes on PostgreSQL", () => {
  const kind = postgresKind();
  let store: PgBackend;
  const clients: pg.Client[] = [];
  beforeAll(() => kind.setup());
  afterAll(() => kind.stop());
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end().catch(() => undefined);
    await store?.close();
  });
  const open = async () => {
    store = (await kind.open()) as PgBackend;
    await store.syncProviders([provider("p1"), provider("p2")]);
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: kind.url() });
    await c.connect();
    clients.push(c);
    return c;
  };
  const insert = (c: pg.Client, address: string, provider: string) =>
    c.query("INSERT INTO decisions (prefix, prefix_length, provider, reason, decided_at) VALUES ($1, 24, $2, $3, 1000)", [
      address,
      provider,
      encodeReason(decision(`${address}/24`, provider)),
    ]);

  it("two interleaved writers: a reader between their commits misses neither change", async () => {
    await open();
    const v0 = await store.mapVersion();
    const a = await connect();
    const b = await connect();
    await a.query("BEGIN");
    await insert(a, "192.0.2.0", "p1");
    const bPid = (await b.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    await b.query("BEGIN");
    // B's write waits for A's counter row lock; wait until the server says it is waiting.
    const bWrite = insert(b, "198.51.100.0", "p2");
    const probe = await connect();
    for (;;) {
      const waiting = await probe.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid = $1", [bPid]);
      if (waiting.rowCount) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    // Neither committed: nothing to read yet.
    expect(await store.decisionChanges(v0)).toEqual({ version: v0, full: false, upserts: [], deletes: [] });
    await a.query("COMMIT");
    await bWrite;
    const between = await store.decisionChanges(v0);
    expect(between.upserts.map((d) => d.source)).toEqual(["192.0.2.0/24"]);
    expect(between.version).toBeGreaterThan(v0);
    await b.query("COMMIT");
    const after = await store.decisionChanges(between.version);
    expect(after.full).toBe(false);
    expect(after.upserts.map((d) => [d.source, d.provider])).toEqual([["198.51.100.0/24", "p2"]]);
    expect(after.version).toBe(await store.mapVersion());
  });

  it("a change by any writer is stamped: a provider renamed (its decisions updated by the cascade) reaches a reader", async () => {
    await open();
    const v1 = await store.writeDecisions([decision("192.0.2.0/24", "p1"), decision("198.51.100.0/24", "p2")], 1000);
    await store.pool.query("UPDATE providers SET name = 'p1b' WHERE name = 'p1'");
    const changes = await store.decisionChanges(v1);
    expect(changes.full).toBe(false);
    expect(changes.version).toBeGreaterThan(v1);
    expect(changes.upserts.map((d) => [d.source, d.provider])).toEqual([["192.0.2.0/24", "p1b"]]);
  });

  it("a reader below the tombstone floor reads everything; one at or above it reads the changes", async () => {
    await open();
    const v1 = await store.writeDecisions([decision("192.0.2.0/24", "p1"), decision("198.51.100.0/24", "p1")], 1000);
    const v2 = await store.deleteDecisions(["192.0.2.0/24"]);
    expect(await store.decisionChanges(v1)).toMatchObject({ full: false, upserts: [], deletes: ["192.0.2.0/24"] });
    // Every tombstone so far forgotten: the floor moves to v2's delete.
    expect(await store.pruneTombstones(Number.MAX_SAFE_INTEGER)).toBe(1);
    const below = await store.decisionChanges(v1);
    expect(below).toMatchObject({ version: v2, full: true, deletes: [] });
    expect(below.upserts.map((d) => d.source)).toEqual(["198.51.100.0/24"]);
    expect(await store.decisionChanges(v2)).toEqual({ version: v2, full: false, upserts: [], deletes: [] });
    // deleteDecisions prunes by age itself: with a retention below zero its own tombstone goes at once.
    const quick = await PgBackend.open(kind.url(), { tombstoneRetentionMs: -60_000 });
    try {
      const v3 = await quick.deleteDecisions(["198.51.100.0/24"]);
      expect(await quick.decisionChanges(v2)).toMatchObject({ version: v3, full: true, upserts: [] });
    } finally {
      await quick.close();
    }
  });
});
