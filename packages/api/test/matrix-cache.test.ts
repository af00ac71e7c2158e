import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MatrixCache } from "../src/views/matrix-cache.js";
import { address, SOURCES, seed } from "./big-store.js";

describe("MatrixCache: the matrix built a chunk at a time", () => {
  let dir: string;
  let store: Store;
  let providers: string[];
  let cache: MatrixCache;
  const errors: unknown[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dnsteer-matrix-"));
    store = Store.open(join(dir, "dnsteer.sqlite"));
    seed(store, 1_700_000_000_000);
    providers = ["isp-a", "isp-b"];
    cache = new MatrixCache(
      store,
      () => providers,
      () => 1_800_000_000_000,
      (e) => errors.push(e),
      3,
    );
  });
  afterEach(() => {
    cache?.close();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 'building' with progress until the first table is read, and other work runs meanwhile", async () => {
    const first = cache.state();
    expect(first.table).toBeNull();
    expect(first.building).toMatchObject({ done: 0, expected: 2 * (2 * SOURCES + SOURCES) });
    // A big store is not awaited by a route that can say "building".
    expect((await cache.settled(false)).table).toBeNull();
    // Between chunks the event loop runs other callbacks: count how many turns the build left free.
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const { table, building } = await cache.settled(true);
    ticking = false;
    expect(building).toBeNull();
    expect(turns).toBeGreaterThan(10);
    expect(table!.byDemand).toHaveLength(SOURCES);
    expect(table!.byDemand[0]!.demand).toBe(9);
    // Ties in demand by source, as text.
    const top = table!.byDemand.slice(0, SOURCES / 10).map((r) => r.source);
    expect(top).toEqual(Array.from({ length: SOURCES / 10 }, (_, j) => `${address(10 * j + 9)}/32`).sort());
    // Regret rows with no decision are null: ranked last; margins ascending.
    const margins = table!.byMargin.map((r) => r.marginMs ?? Number.POSITIVE_INFINITY);
    expect(margins).toEqual(margins.slice().sort((a, b) => a - b));
    expect(table!.paths.get("isp-b")).toMatchObject({ paths: SOURCES, down: SOURCES / 100 });
    expect(table!.paths.get("isp-a")).toMatchObject({ paths: SOURCES, down: 0, lastMeasuredAt: 1_700_000_000_000 + SOURCES - 1 });
    expect(errors).toEqual([]);
  });

  it("keeps answering the last table while a newer one builds (a provider added)", async () => {
    const { table: old } = await cache.settled(true);
    providers = ["isp-a", "isp-b", "isp-c"];
    const during = cache.state();
    expect(during.table).toBe(old);
    expect(during.building).not.toBeNull();
    // settled(true) waits only when there is no table at all: it answers the old one.
    expect((await cache.settled(true)).table).toBe(old);
    await cache.idle();
    expect(cache.state().table!.providers).toEqual(["isp-a", "isp-b", "isp-c"]);
    expect(cache.state().table!.byDemand[0]!.cells).toHaveLength(3);
  });

  it("stops reading once closed, and keeps no half-built table", async () => {
    expect(cache.state().building).not.toBeNull();
    cache.close();
    await cache.idle();
    expect(cache.state()).toEqual({ table: null, building: null });
    expect(errors).toEqual([]);
  });
});
