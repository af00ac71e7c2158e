import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Store } from "@dnsteer/storage";
import { afterAll, describe, expect, it } from "vitest";
import { loopbackProvider, source, tempDir } from "./helpers.js";

const tmp = tempDir();
const workerMain = fileURLToPath(new URL("../src/worker-main.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  tmp.cleanup();
});

interface Line {
  event: string;
  firstId?: number;
  lastId?: number;
  count?: number;
}

/** Starts worker-main on a loopback-only config; resolves the child and a live list of its log lines. */
function startWorker(name: string, targets: number): { child: ChildProcess; lines: Line[]; exited: Promise<number | null> } {
  const db = tmp.file(`${name}.db`);
  const seed = Store.open(db);
  seed.upsertSources(Array.from({ length: targets }, (_, i) => source(`127.0.0.${i + 1}`, i)));
  seed.close();
  const config = tmp.file(`${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      database: `${name}.db`, // relative to the config file
      providers: [loopbackProvider],
      scope: { allow: ["127.0.0.0/8"] },
      schedule: { budgetPerSec: 2000, burst: 5, minIntervalMs: 20, kinds: ["icmp"] },
      probe: { timeoutMs: 500 },
      storage: { flushMs: 10 },
      run: { durationMs: 20_000 },
    }),
  );
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", workerMain, config], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines: Line[] = [];
  let rest = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split("\n");
    rest = parts.pop()!;
    for (const p of parts) lines.push(JSON.parse(p) as Line);
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, lines, exited };
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error("condition not reached in time");
}

describe("the worker as its own process", () => {
  it("loses no committed sample when killed with SIGKILL mid-run", async () => {
    const { child, lines, exited } = startWorker("kill", 100);
    await until(() => lines.filter((l) => l.event === "commit").length >= 30, 20_000);
    child.kill("SIGKILL");
    await exited;
    const commits = lines.filter((l) => l.event === "commit");
    const store = Store.open(tmp.file("kill.db"));
    try {
      expect(store.integrityCheck()).toEqual(["ok"]);
      const ids = new Set(store.listSamples().map((s) => s.id));
      let reported = 0;
      for (const c of commits) {
        for (let id = c.firstId!; id <= c.lastId!; id++) expect(ids.has(id)).toBe(true);
        reported += c.count!;
      }
      expect(reported).toBeGreaterThan(0);
      expect(ids.size).toBeGreaterThanOrEqual(reported); // a batch committed after the last report may be there too
      expect(store.listPathStats({ provider: "lo" }).length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });

  it("stops gracefully on SIGTERM: final flush, exit code 0", async () => {
    const { child, lines, exited } = startWorker("term", 10);
    await until(() => lines.some((l) => l.event === "commit"), 20_000);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const stopped = lines.find((l) => l.event === "stopped") as unknown as { committed: number } | undefined;
    expect(stopped).toBeDefined();
    const store = Store.open(tmp.file("term.db"));
    expect(store.countSamples()).toBe(stopped!.committed);
    store.close();
  });
});
