import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store } from "@dnsteer/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, run, serveOnFreePort, stop } from "./run.js";

/**
 * Decisions written to SQLite (as the worker will) reach `dnsteer serve`'s answers within a
 * second, through the refresh thread, without a restart.
 */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-steer-"));
let child: ChildProcess;
let port: number;
const config = join(dir, "dnsteer.json");

beforeAll(async () => {
  ({ child, port } = await serveOnFreePort((port) => {
    writeFileSync(
      config,
      JSON.stringify({
        listen: [{ address: "127.0.0.1", port }],
        dataDir: dir,
        providers: [
          { name: "isp-a", serviceA: ["203.0.113.80"] },
          { name: "isp-b", serviceA: ["198.51.100.80"] },
        ],
        steering: { names: [{ name: "www.example.test." }], defaultProvider: "isp-a", ttl: 20 },
      }),
    );
    return ["--config", config];
  }));
  // The refresh thread starts after "serving" (seconds on a loaded box): a canary decision for
  // another source shows it is polling, so the bound below measures the refresh, not its start.
  put("127.0.0.9/32", "isp-b");
  await eventually("127.0.0.9", "198.51.100.80", 30_000);
});
afterAll(() => stop(child));

const dig = async (from: string) =>
  (await run("dig", ["@127.0.0.1", "-p", String(port), "-b", from, "www.example.test", "A", "+short"])).stdout.trim();

function put(source: string, provider: string): void {
  const store = Store.open(join(dir, "dnsteer.sqlite"));
  try {
    store.putDecisions(
      [
        {
          source,
          provider,
          level: "source",
          prefixLength: 32,
          demandMbps: 0,
          reason: { mode: "latency", cause: "first", from: null, providers: [] },
          state: { provider, since: 0, challenger: null, challengerCount: 0 },
        },
      ],
      Date.now(),
    );
  } finally {
    store.close();
  }
}

async function eventually(from: string, expected: string, withinMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < withinMs) {
    if ((await dig(from)) === expected) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${from} still not answered ${expected} after ${withinMs} ms (last: ${await dig(from)})`);
}

describe("decisions from SQLite steer the answers", () => {
  it("answers the default provider before any decision", async () => {
    expect(await dig("127.0.0.2")).toBe("203.0.113.80");
  });

  // The refresh thread polls every 250 ms; the bound here is looser so a loaded CI box cannot flake it.
  it("moves a source soon after a stored decision, and only that source", async () => {
    put("127.0.0.2/32", "isp-b");
    await eventually("127.0.0.2", "198.51.100.80", 3000);
    expect(await dig("127.0.0.3")).toBe("203.0.113.80");
  });

  it("explains both: the decision for one, the default provider for the other", async () => {
    const decided = await run(BIN, ["explain", "127.0.0.2", "--config", config]);
    expect(decided.stdout).toContain("provider isp-b: decision for 127.0.0.2/32");
    expect(decided.stdout).toContain("answer   A 198.51.100.80");
    const fallback = await run(BIN, ["explain", "127.0.0.3", "--config", config, "--json"]);
    expect(JSON.parse(fallback.stdout)).toMatchObject({ provider: "isp-a", basis: "default", answer: { a: ["203.0.113.80"] } });
  });
});
