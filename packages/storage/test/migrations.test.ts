import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { LATEST_VERSION, MIGRATIONS, migrate, StorageError, Store } from "../src/index.js";
import { decision, tempDir } from "./helpers.js";

const tmp = tempDir();
afterEach(() => tmp.cleanup());

describe("migrations", () => {
  it("creates a new file at the latest version with WAL, NORMAL sync and foreign keys", () => {
    const store = Store.open(tmp.file());
    expect(store.schemaVersion).toBe(LATEST_VERSION);
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.db.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(store.db.pragma("busy_timeout", { simple: true })).toBe(5000);
    store.close();
  });

  it("honours an explicit synchronous setting", () => {
    const store = Store.open(tmp.file(), { synchronous: "FULL", busyTimeoutMs: 250 });
    expect(store.db.pragma("synchronous", { simple: true })).toBe(2);
    expect(store.db.pragma("busy_timeout", { simple: true })).toBe(250);
    store.close();
  });

  it("migrates a version-1 file with data to the latest version, keeping the data", () => {
    const path = tmp.file();
    // What a version-1 build left behind: its tables and rows, written with its own SQL.
    const old = new Database(path);
    old.pragma("journal_mode = WAL");
    expect(migrate(old, MIGRATIONS.slice(0, 1))).toBe(1);
    old.prepare("INSERT INTO providers (name, updated_at) VALUES ('a', 1)").run();
    old
      .prepare(`INSERT INTO sources (family, address, prefix_length, rate, first_seen, last_seen, updated_at)
      VALUES (4, '192.0.2.10', 32, 5, 1, 1, 1)`)
      .run();
    old.prepare(`INSERT INTO samples (source, provider, kind, family, rtt_us, at) VALUES ('192.0.2.10', 'a', 'icmp', 4, 900, 1)`).run();
    old.close();
    const raw = new Database(path);
    expect(raw.pragma("user_version", { simple: true })).toBe(1);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'decisions'").get()).toBeUndefined();
    raw.close();

    const store = Store.open(path);
    expect(store.schemaVersion).toBe(LATEST_VERSION);
    expect(store.listProviders().map((p) => p.name)).toEqual(["a"]);
    expect(store.listSources()[0]!.rate).toBe(5);
    expect(store.countSamples()).toBe(1);
    store.putDecisions([decision("192.0.2.10/32", "a")], 2);
    expect(store.decisionsVersion()).toBe(1);
    store.close();
  });

  it("rolls back a failing migration and leaves the file at the last good version", () => {
    const path = tmp.file();
    const broken = [...MIGRATIONS, { version: LATEST_VERSION + 1, name: "broken", sql: "CREATE TABLE x (a); SELECT nope FROM missing;" }];
    expect(() => Store.open(path, { migrations: broken })).toThrow(expect.objectContaining({ code: "MIGRATION_FAILED" }));
    const store = Store.open(path);
    expect(store.schemaVersion).toBe(LATEST_VERSION);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").get()).toBeUndefined();
    store.close();
  });

  it("refuses a file written by a newer schema", () => {
    const path = tmp.file();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    let caught: unknown;
    try {
      Store.open(path);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StorageError);
    expect((caught as StorageError).code).toBe("SCHEMA_TOO_NEW");
  });
});
