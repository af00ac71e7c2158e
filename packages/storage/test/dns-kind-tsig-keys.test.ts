// Migration 9: the dns probe kind in samples and path aggregates (tables rebuilt, rows kept), and
// TSIG keys managed through the API. Real SQLite files.
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate, type PathStat, StorageError, Store, TsigKeyRepo } from "../src/index.js";
import { tempDir } from "./helpers.js";

const tmp = tempDir();
afterEach(() => tmp.cleanup());

function stat(kind: PathStat["kind"], medianMs: number, updatedAt: number, samples = 5): PathStat {
  return {
    prefix: "192.0.2.10",
    prefixLength: 32,
    provider: "a",
    kind,
    ewmaRttUs: medianMs * 1000,
    medianRttUs: medianMs * 1000,
    lossRatio: 0,
    jitterUs: 0,
    sampleCount: samples,
    lastRttUs: medianMs * 1000,
    window: Array(samples).fill(medianMs * 1000),
    updatedAt,
  };
}

describe("migration 9: dns probe kind", () => {
  it("keeps the samples and aggregates of a file at version 8 and then takes dns ones", () => {
    const file = tmp.file();
    const old = new Database(file);
    const before = MIGRATIONS.filter((m) => m.version < 9);
    migrate(old, before);
    old.prepare("INSERT INTO samples (source, provider, kind, family, rtt_us, at) VALUES ('192.0.2.10', 'a', 'icmp', 4, 1000, 5)").run();
    old
      .prepare(
        `INSERT INTO path_kind_stats (prefix, prefix_length, provider, kind, median_rtt_us, sample_count, window, window_length, updated_at)
         VALUES ('192.0.2.10', 32, 'a', 'tcp', 12000, 3, '[12000,12000,12000]', 3, 7)`,
      )
      .run();
    expect(() => old.prepare("INSERT INTO samples (source, provider, kind, family, at) VALUES ('x', 'a', 'dns', 4, 1)").run()).toThrow(
      /CHECK/,
    );
    old.close();
    const store = Store.open(file);
    try {
      expect(store.schemaVersion).toBeGreaterThanOrEqual(9);
      expect(store.listSamples({ source: "192.0.2.10" })).toMatchObject([{ kind: "icmp", rttUs: 1000, at: 5 }]);
      expect(store.getPathStat("192.0.2.10", 32, "a")).toMatchObject({ kind: "tcp", medianRttUs: 12_000 });
      store.recordBatch([{ source: "192.0.2.10", provider: "a", kind: "dns", family: 4, rttUs: 800, at: 9 }], [stat("dns", 0.8, 9)]);
      expect(store.listSamples({ source: "192.0.2.10" }).map((s) => s.kind)).toEqual(["icmp", "dns"]);
      expect(store.getPathStat("192.0.2.10", 32, "a")).toMatchObject({ kind: "dns", medianRttUs: 800 });
      expect(store.getPathKindStat("192.0.2.10", 32, "a", "tcp")!.medianRttUs).toBe(12_000);
      const indexes = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'samples' ORDER BY name").all();
      expect(indexes).toEqual([{ name: "samples_at" }, { name: "samples_path" }]);
    } finally {
      store.close();
    }
  });

  it("on a full tie (same time, same window) one kind per path: icmp, then tcp, then dns", () => {
    const store = Store.open(tmp.file());
    try {
      store.upsertPathStats([stat("dns", 1, 100), stat("tcp", 2, 100)]);
      expect(store.listPathStats().map((s) => s.kind)).toEqual(["tcp"]);
      store.upsertPathStats([stat("icmp", 3, 100)]);
      expect(store.listPathStats().map((s) => s.kind)).toEqual(["icmp"]);
      store.upsertPathStats([stat("dns", 1, 100, 6)]); // more samples in its window wins the tie
      expect(store.listPathStats().map((s) => s.kind)).toEqual(["dns"]);
    } finally {
      store.close();
    }
  });
});

describe("TsigKeyRepo", () => {
  it("adds, lists, finds by any spelling of the name, refuses a second of the same name, deletes", () => {
    const store = Store.open(tmp.file());
    try {
      const keys = new TsigKeyRepo(store.db);
      expect(keys.add({ name: "Xfr.Key.", algorithm: "hmac-sha256", secret: "c2VjcmV0" }, 10, "k1")).toBe(true);
      expect(keys.add({ name: "xfr.key", algorithm: "hmac-sha512", secret: "b3RoZXI=" }, 11, null)).toBe(false);
      expect(keys.list()).toEqual([{ name: "xfr.key", algorithm: "hmac-sha256", secret: "c2VjcmV0", createdAt: 10, createdBy: "k1" }]);
      expect(keys.get("XFR.KEY.")?.secret).toBe("c2VjcmV0");
      expect(() => keys.add({ name: "k2", algorithm: "hmac-md5" as never, secret: "c2VjcmV0" }, 1, null)).toThrow(StorageError);
      expect(() => keys.add({ name: "k2", algorithm: "hmac-sha1", secret: "not base64!" }, 1, null)).toThrow(/base64/);
      expect(keys.delete("xfr.key.")).toBe(true);
      expect(keys.delete("xfr.key")).toBe(false);
      expect(keys.list()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
