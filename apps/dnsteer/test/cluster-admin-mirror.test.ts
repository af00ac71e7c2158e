import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteBackend, StorageError, Store, type StoreBackend } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AdminMirror, mirrorAdminState, readSharedAdmin } from "../src/cluster/admin-mirror.js";
import { twoProviders } from "./cluster-fixtures.js";

/**
 * The admin state mirror (what `dnsteer api` runs on PostgreSQL) between real SQLite files: a
 * second file stands in for the shared database (the same StoreBackend contract; the
 * cluster-admin test runs it against PostgreSQL).
 */
describe("mirroring the shared admin state into a site's file", () => {
  let dir: string;
  let shared: SqliteBackend;
  let local: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "dnsteer-admin-mirror-"));
    shared = SqliteBackend.open(join(dir, "shared.sqlite"));
    await shared.syncProviders(twoProviders);
    local = Store.open(join(dir, "site.sqlite"));
    local.syncProviders(twoProviders);
  });
  afterEach(async () => {
    local.close();
    await shared.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const mirror = async () => mirrorAdminState(local, await readSharedAdmin(shared), twoProviders);

  it("copies overrides, the policy, steered names and drains; a second round changes nothing", async () => {
    await shared.putProviderOverride("p2", { pricePerMbps: 9 }, twoProviders, 1000);
    await shared.setProviderDrained("p1", true, twoProviders, 1000);
    await shared.putStoredPolicy({ mode: "cost" }, 1000);
    await shared.putSteeredName({ name: "api.example.test", group: 2, state: "added", updatedAt: 1000 });
    expect(await mirror()).toBe(4);
    expect(local.admin.providerOverrides.list()).toEqual([{ name: "p2", settings: { pricePerMbps: 9 }, updatedAt: 1000 }]);
    expect(local.listProviders().map((p) => [p.name, p.drained, p.pricePerMbps])).toEqual([
      ["p1", true, 1],
      ["p2", false, 9],
    ]);
    expect(local.admin.policy.get()).toEqual({ settings: { mode: "cost" }, updatedAt: 1000 });
    expect(local.admin.steeredNames.list()).toEqual([{ name: "api.example.test.", group: 2, state: "added", updatedAt: 1000 }]);
    // Nothing written at all: the responder's poll of these tables sees no change.
    const written = () => (local.db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
    const before = written();
    expect(await mirror()).toBe(0);
    expect(written()).toBe(before);
  });

  it("the shared state is the truth: what it no longer holds is removed here", async () => {
    local.admin.providerOverrides.put("p1", { enabled: false }, 500);
    local.syncProviders(twoProviders);
    local.admin.policy.put({ mode: "cost" }, 500);
    local.admin.steeredNames.put({ name: "old.example.test", group: null, state: "added", updatedAt: 500 });
    local.setDrained("p2", true);
    expect(await mirror()).toBe(4);
    expect(local.admin.providerOverrides.list()).toEqual([]);
    expect(local.listProviders().map((p) => [p.name, p.enabled, p.drained])).toEqual([
      ["p1", true, false],
      ["p2", true, false],
    ]);
    expect(local.admin.policy.get()).toBeUndefined();
    expect(local.admin.steeredNames.list()).toEqual([]);
  });

  it("AdminMirror: an unreachable database is reported and leaves the local state as it was", async () => {
    local.setDrained("p2", true);
    const failures: unknown[] = [];
    const mirrored: number[] = [];
    let reachable = false;
    const access = {
      get: async (): Promise<StoreBackend> => {
        if (!reachable) throw new StorageError("OPEN_FAILED", "cannot reach PostgreSQL");
        return shared;
      },
    };
    const m = new AdminMirror(
      access,
      local,
      () => twoProviders,
      { failed: (e) => failures.push(e), mirrored: (n) => mirrored.push(n) },
      3_600_000,
    );
    await m.round();
    expect(failures).toHaveLength(1);
    expect(local.getProvider("p2")?.drained).toBe(true);
    reachable = true;
    await m.round();
    expect(mirrored).toEqual([1]);
    expect(local.getProvider("p2")?.drained).toBe(false);
    await m.stop();
  });

  it("AdminMirror: a local write while the shared state is read (an API change in flight) is not overwritten by that round", async () => {
    await shared.setProviderDrained("p1", true, twoProviders, 1000);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = new Proxy(shared, {
      get: (target, key) =>
        key === "listProviders"
          ? async () => {
              await gate;
              return target.listProviders();
            }
          : Reflect.get(target, key),
    });
    const m = new AdminMirror(
      { get: async () => slow },
      local,
      () => twoProviders,
      {
        failed: (e) => {
          throw e;
        },
      },
      3_600_000,
    );
    const round = m.round();
    await new Promise((r) => setTimeout(r, 20));
    // The API's own change lands here meanwhile (its shared write done before).
    local.admin.policy.put({ mode: "cost" }, 2000);
    release();
    await round;
    expect(local.getProvider("p1")?.drained).toBe(false);
    expect(local.admin.policy.get()?.settings).toEqual({ mode: "cost" });
    await m.round();
    expect(local.getProvider("p1")?.drained).toBe(true);
    await m.stop();
  });
});
