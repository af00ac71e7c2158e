import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate, Store } from "../src/index.js";
import { decision, provider, tempDir } from "./helpers.js";

/** Migration 11: what changed in the routes since a point, for the refresh thread's patched maps. */
const tmp = tempDir();
afterEach(tmp.cleanup);

let file = "";
afterEach(() => {
  file = "";
});

/** The test's store (the same file each time within a test). */
function open(): Store {
  file ||= tmp.file();
  const store = Store.open(file);
  store.syncProviders([provider("a"), provider("b")]);
  return store;
}

describe("Store.decisionRouteChanges", () => {
  it("logs inserts, provider changes and deletes in order; a new reason alone is no route change", () => {
    const store = open();
    expect(store.decisionRouteChanges(0, 100)).toEqual({ complete: true, lastSeq: 0, changes: [] });
    store.putDecisions([decision("192.0.2.0/24", "a"), decision("2001:db8::/48", "b")], 1);
    const first = store.decisionRouteChanges(0, 100);
    expect(first.changes).toEqual([
      { prefix: "192.0.2.0", prefixLength: 24, provider: "a" },
      { prefix: "2001:db8::", prefixLength: 48, provider: "b" },
    ]);
    expect(first.lastSeq).toBe(store.decisionRouteLogEnd());
    store.putDecisions([decision("192.0.2.0/24", "a")], 2); // same provider, new decided_at
    expect(store.decisionRouteChanges(first.lastSeq, 100).changes).toEqual([]);
    store.putDecisions([decision("192.0.2.0/24", "b")], 3);
    store.deleteDecision("2001:db8::", 48);
    const next = store.decisionRouteChanges(first.lastSeq, 100);
    expect(next).toMatchObject({
      complete: true,
      changes: [
        { prefix: "192.0.2.0", prefixLength: 24, provider: "b" },
        { prefix: "2001:db8::", prefixLength: 48, provider: null },
      ],
    });
    expect(store.decisionRouteChanges(next.lastSeq, 100)).toEqual({ complete: true, lastSeq: next.lastSeq, changes: [] });
    store.close();
  });

  it("is not complete past `limit` changes, nor once the log was trimmed past the reader (then: read every route)", () => {
    const store = open();
    const many = (n: number, p: string) => Array.from({ length: n }, (_, i) => decision(`10.${i >> 8}.${i & 255}.0/24`, p));
    store.putDecisions(many(50, "a"), 1);
    expect(store.decisionRouteChanges(0, 49)).toMatchObject({ complete: false, changes: [] });
    expect(store.decisionRouteChanges(0, 50).changes).toHaveLength(50);
    // 105 000 more changes: every 1000th trims what is older than the last 100 000, so a reader
    // at 49 is past the log's start (seq 5001 now).
    for (let i = 0; i < 21; i++) store.putDecisions(many(5_000, i % 2 ? "a" : "b"), 2 + i);
    expect(store.decisionRouteChanges(49, 1_000_000).complete).toBe(false);
    const end = store.decisionRouteLogEnd();
    expect(end).toBe(105_050);
    expect(store.db.prepare("SELECT min(seq) AS first, count(*) AS n FROM decision_route_log").get()).toEqual({ first: 5001, n: 100_050 });
    expect(store.decisionRouteChanges(5000, 1_000_000)).toMatchObject({ complete: true, lastSeq: end });
    const recent = store.decisionRouteChanges(end - 10, 100);
    expect(recent).toMatchObject({ complete: true, lastSeq: end });
    expect(recent.changes).toHaveLength(10);
    store.close();
  });

  it("a read-only open of a file from before the log (version 10) still works; a migrated one logs from then on", () => {
    file = tmp.file();
    const path = file;
    const old = new Database(path);
    old.pragma("journal_mode = WAL");
    expect(migrate(old, MIGRATIONS.slice(0, 10))).toBe(10);
    old.close();
    const reader = Store.open(path, { readonly: true });
    expect(reader.schemaVersion).toBe(10);
    expect(reader.listDecisionRoutes()).toEqual([]);
    reader.close();
    const store = open();
    expect(store.decisionRouteChanges(0, 10)).toEqual({ complete: true, lastSeq: 0, changes: [] });
    store.close();
  });
});
