import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MapCacheFile, MapStaleness } from "../../src/index.js";

describe("decision map cache file", () => {
  const dirs: string[] = [];
  const folder = () => {
    const d = mkdtempSync(join(tmpdir(), "dnsteer-map-cache-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const map = {
    version: 42,
    routes: [
      { prefix: "192.0.2.0", prefixLength: 24, provider: "p1" },
      { prefix: "2001:db8::", prefixLength: 56, provider: "p2" },
    ],
  };

  it("reads back the last map saved, with when it was saved; no file is no map", async () => {
    const cache = new MapCacheFile(join(folder(), "map.json"));
    expect(await cache.load()).toBeUndefined();
    await cache.save({ version: 1, routes: [] }, 1000);
    await cache.save(map, 2000);
    expect(await cache.load()).toEqual({ map, savedAt: 2000 });
  });

  it("replaces the file by rename: no temporary file is left, and a failed save keeps the old map", async () => {
    const dir = folder();
    const cache = new MapCacheFile(join(dir, "map.json"));
    await cache.save(map, 2000);
    expect(readdirSync(dir)).toEqual(["map.json"]);
    // A non-empty folder where the file should be: the rename fails, the temporary file is removed.
    mkdirSync(join(dir, "sub", "x"), { recursive: true });
    await expect(new MapCacheFile(join(dir, "sub")).save(map, 3000)).rejects.toMatchObject({ code: "OPEN_FAILED" });
    expect(readdirSync(dir).sort()).toEqual(["map.json", "sub"]);
    expect(await cache.load()).toEqual({ map, savedAt: 2000 });
  });

  it("a file that is not a map is CORRUPT_ROW, not an empty map", async () => {
    const dir = folder();
    const path = join(dir, "map.json");
    const cache = new MapCacheFile(path);
    writeFileSync(path, "{ half");
    await expect(cache.load()).rejects.toMatchObject({ code: "CORRUPT_ROW" });
    writeFileSync(path, JSON.stringify({ format: "dnsteer-decision-map/1", version: 1, savedAt: 1, routes: [["192.0.2.0", 200, "p1"]] }));
    await expect(cache.load()).rejects.toMatchObject({ code: "CORRUPT_ROW", message: /routes\.0\.1/ });
    writeFileSync(path, JSON.stringify({ format: "something else", version: 1, savedAt: 1, routes: [] }));
    await expect(cache.load()).rejects.toMatchObject({ code: "CORRUPT_ROW" });
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, "utf8")).toContain("something else");
  });
});

describe("map staleness", () => {
  it("counts from the last confirmation, never backwards", () => {
    const s = new MapStaleness(1000);
    expect(s.ageMs(1500)).toBe(500);
    s.confirm(1400);
    expect(s.ageMs(1500)).toBe(100);
    s.confirm(1200);
    expect(s.confirmedAt).toBe(1400);
    expect(s.ageMs(1000)).toBe(0);
  });
});
