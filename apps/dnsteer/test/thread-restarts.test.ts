import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { ThreadRestarts } from "../src/metrics/thread-restarts.js";
import { THREAD_STATE_FILE, type ThreadState, threadDeathsLine } from "../src/metrics/thread-state.js";
import { startDecisionRefresh } from "../src/steering/refresh.js";

/** A real refresh thread that dies (its store file is not a database): logged, counted, in the state file status reads. */
const dirs: string[] = [];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("ThreadRestarts", () => {
  it("logs a dead thread at error, counts it for /metrics and writes it where `dnsteer status` reads it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "dnsteer-threads-"));
    dirs.push(dataDir);
    const statePath = join(dataDir, THREAD_STATE_FILE);
    writeFileSync(
      statePath,
      JSON.stringify({ startedAt: 1, threads: { flow: { restarts: 9, lastError: "old run", consequence: "x", lastAt: 1 } } }),
    );
    const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
    const restarts = new ThreadRestarts(
      { error: (fields, message) => lines.push({ fields: fields as Record<string, unknown>, message }) },
      dataDir,
    );
    const read = () => JSON.parse(readFileSync(statePath, "utf8")) as ThreadState;
    expect(read().threads, "a previous run's deaths are not this run's").toEqual({});
    expect(threadDeathsLine(read(), Date.now())).toBeUndefined();

    const dbPath = join(dataDir, "dnsteer.sqlite");
    writeFileSync(dbPath, "not a database\n".repeat(500));
    stops.push(
      startDecisionRefresh({
        dbPath,
        providers: ["a"],
        intervalMs: 20,
        onMap: () => {},
        onCrash: restarts.for("refresh", "answers keep the decision map in force"),
      }),
    );
    for (let i = 0; i < 200 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(lines[0]!.message).toBe("refresh thread died; answers keep the decision map in force; starting it again");
    expect(lines[0]!.fields).toMatchObject({ thread: "refresh", restartInMs: 1000, restarts: 1 });

    const line = threadDeathsLine(read(), Date.now())!;
    expect(line).toMatch(
      /^serve: refresh thread died 1 time, last \d+ s ago \(.*not a database.*\); answers keep the decision map in force while it is down$/,
    );
    const registry = new Registry();
    restarts.register(registry);
    expect(await registry.metrics()).toContain('dnsteer_thread_restarts_total{thread="refresh"} 1');
  });
});
