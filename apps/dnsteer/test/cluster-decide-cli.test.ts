import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store } from "@dnsteer/storage";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, run, stop, waitForLog } from "./run.js";

/** `dnsteer decide` as a process: a bad store.url stops it in one line; on SQLite it decides over the local file and survives SIGHUP. */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-decide-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(name: string, extra: Record<string, unknown>): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, "z.zone"),
    "$ORIGIN example.test.\n$TTL 60\n@ IN SOA ns h 1 7200 900 1209600 60\n@ IN NS ns\nns IN A 192.0.2.1\n",
  );
  const path = join(folder, "dnsteer.json");
  writeFileSync(
    path,
    JSON.stringify({
      zones: [{ file: "z.zone", origin: "example.test." }],
      dataDir: "data",
      providers: [
        { name: "p1", serviceA: ["203.0.113.80"] },
        { name: "p2", serviceA: ["198.51.100.80"] },
      ],
      policy: { evaluateIntervalMs: 200, mode: "latency", minSamples: 3, consecutive: 1, holdDownMs: 0 },
      ...extra,
    }),
  );
  return path;
}

describe("dnsteer decide", () => {
  it("refuses a postgres store without a URL, naming store.url in one line (exit 2)", async () => {
    const r = await run(BIN, ["decide", "--config", config("bad", { store: { kind: "postgres" } })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/store\.url/);
    expect(
      r.stderr
        .trim()
        .split("\n")
        .filter((l) => /store\.url/.test(l)).length,
    ).toBe(1);
  });

  it("decides over the local SQLite file, and a SIGHUP does not stop it", async () => {
    const path = config("sqlite", {});
    const now = Date.now();
    mkdirSync(join(dir, "sqlite", "data"), { recursive: true });
    const store = Store.open(join(dir, "sqlite", "data", "dnsteer.sqlite"));
    store.syncProviders([
      {
        name: "p1",
        sourceV4: null,
        sourceV6: null,
        serviceA: ["203.0.113.80"],
        serviceAAAA: [],
        pricePerMbps: 1,
        commitMbps: 0,
        priceAboveCommit: 1,
        capacityMbps: null,
      },
      {
        name: "p2",
        sourceV4: null,
        sourceV6: null,
        serviceA: ["198.51.100.80"],
        serviceAAAA: [],
        pricePerMbps: 1,
        commitMbps: 0,
        priceAboveCommit: 1,
        capacityMbps: null,
      },
    ]);
    store.upsertSources([
      {
        address: "192.0.2.10",
        prefixLength: 32,
        aggregateAddress: null,
        aggregatePrefixLength: null,
        rate: 5,
        queries: 9,
        groupCounts: {},
        firstSeen: now,
        lastSeen: now,
        ecs: false,
      },
    ]);
    const stat = (provider: string, ms: number) => ({
      prefix: "192.0.2.10",
      prefixLength: 32,
      provider,
      kind: "icmp" as const,
      ewmaRttUs: ms * 1000,
      medianRttUs: ms * 1000,
      lossRatio: 0,
      jitterUs: 0,
      sampleCount: 10,
      lastRttUs: null,
      window: Array.from({ length: 10 }, () => ms * 1000),
      updatedAt: now,
    });
    store.upsertPathStats([stat("p1", 40), stat("p2", 10)]);
    const child = spawn(BIN, ["decide", "--config", path], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      await waitForLog(child, "decider: leading", 60_000);
      const end = Date.now() + 30_000;
      while (store.listDecisions().length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(store.listDecisions().map((d) => [d.source, d.provider])).toEqual([["192.0.2.10/32", "p2"]]);
      const reloaded = waitForLog(child, "reload", 20_000);
      child.kill("SIGHUP");
      await reloaded;
      expect(child.exitCode).toBe(null);
    } finally {
      await stop(child);
      store.close();
    }
  }, 120_000);
});
