import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DecisionMap } from "@dnsteer/steering";
import { Store } from "@dnsteer/storage";
import { afterEach, describe, expect, it } from "vitest";
import { startDecisionRefresh } from "../src/steering/refresh.js";
import { bareProvider, decision } from "./store-fixtures.js";

/** serve's refresh thread over a real SQLite file: maps built there, adopted here, a thread at nice 10. */
const dirs: string[] = [];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Nice value of each of this process's threads (field 19 of /proc/self/task/TID/stat). */
function threadNices(): number[] {
  return readdirSync("/proc/self/task").map((tid) =>
    Number(readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]),
  );
}

describe("decision refresh thread", () => {
  it("builds each new version's map off this thread and hands it over; runs at nice 10", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dnsteer-refresh-"));
    dirs.push(dir);
    const dbPath = join(dir, "dnsteer.sqlite");
    const store = Store.open(dbPath);
    store.syncProviders([bareProvider("a"), bareProvider("b")]);
    store.putDecisions([decision("192.0.2.0/24", "a"), decision("2001:db8::/48", "b")], 1);
    const maps: Array<{ map: DecisionMap; version: number; how: string }> = [];
    const errors: unknown[] = [];
    /** The first map handed over at `version` or later (bounded wait: 10 s). */
    const mapAt = async (version: number) => {
      for (let i = 0; i < 400 && !maps.some((m) => m.version >= version); i++) await new Promise((r) => setTimeout(r, 25));
      const found = maps.find((m) => m.version >= version);
      expect(found, `no map at version ${version}`).toBeDefined();
      return found!;
    };
    const nicesBefore = threadNices();
    stops.push(
      startDecisionRefresh({
        dbPath,
        providers: ["a", "b"],
        intervalMs: 20,
        onMap: (map, { version, how }) => maps.push({ map, version, how }),
        onCrash: (err) => errors.push(err),
      }),
    );
    const first = await mapAt(store.decisionsVersion());
    expect(first.map.size).toBe(2);
    expect(first.map.lookupText("192.0.2.7", 4)).toBe(0);
    expect(first.map.lookupText("2001:db8::1", 6)).toBe(1);
    expect(first.map.lookupText("198.51.100.1", 4)).toBe(-1);
    // The thread that built it runs at nice 10 (one more thread at 10 than before), this one at 0.
    expect(threadNices().filter((n) => n === 10).length).toBe(nicesBefore.filter((n) => n === 10).length + 1);
    expect(Number(readFileSync("/proc/thread-self/stat", "utf8").split(") ")[1]!.split(" ")[16])).toBe(0);

    expect(first.how).toBe("read");

    // A new provider for a prefix the map holds: the last map patched, not read again.
    store.putDecisions([decision("192.0.2.0/24", "b")], 2);
    const flipped = await mapAt(store.decisionsVersion());
    expect(flipped.how).toBe("patched");
    expect([flipped.map.lookupText("192.0.2.7", 4), flipped.map.lookupText("2001:db8::1", 6)]).toEqual([1, 1]);
    // A new reason, the same routes: no new map at all.
    const handed = maps.length;
    store.putDecisions([decision("192.0.2.0/24", "b")], 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(maps.length).toBe(handed);

    store.putDecisions([decision("192.0.2.0/24", "b"), decision("198.51.100.0/24", "a")], 4);
    store.deleteDecision("2001:db8::", 48);
    const last = await mapAt(store.decisionsVersion());
    expect(last.how, "a prefix added and one deleted: every route read").toBe("read");
    expect(last.version).toBeGreaterThan(first.version);
    expect([last.map.lookupText("192.0.2.7", 4), last.map.lookupText("198.51.100.1", 4), last.map.lookupText("2001:db8::1", 6)]).toEqual([
      1, 0, -1,
    ]);
    // The first map is untouched: a swap replaces the map, it never changes the one being read.
    expect(first.map.lookupText("192.0.2.7", 4)).toBe(0);
    expect(errors).toEqual([]);
    store.close();
  });

  it("a refresh thread that died is started again, and hands over the map once it can read the store", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dnsteer-refresh-"));
    dirs.push(dir);
    const dbPath = join(dir, "dnsteer.sqlite");
    writeFileSync(dbPath, "not a database, as a disk that filled or a copy gone wrong would leave it\n".repeat(200));
    const maps: number[] = [];
    const crashes: Array<{ message: string; restartInMs: number }> = [];
    stops.push(
      startDecisionRefresh({
        dbPath,
        providers: ["a", "b"],
        intervalMs: 20,
        onMap: (map) => maps.push(map.size),
        onCrash: (err, restartInMs) => crashes.push({ message: err.message, restartInMs }),
      }),
    );
    for (let i = 0; i < 200 && crashes.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(crashes[0]).toMatchObject({ restartInMs: 1000 });
    expect(crashes[0]!.message).toMatch(/not a database|file is not a database/i);
    // The file is repaired (a store with two decisions) before the restart: the new thread reads it.
    rmSync(dbPath);
    const store = Store.open(dbPath);
    store.syncProviders([bareProvider("a"), bareProvider("b")]);
    store.putDecisions([decision("192.0.2.0/24", "a"), decision("2001:db8::/48", "b")], 1);
    for (let i = 0; i < 400 && maps.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(maps).toEqual([2]);
    expect(crashes.length, "it was started again after the first death (1 s), then stayed up").toBeLessThanOrEqual(2);
    store.close();
  });
});
