// Health that cannot hide, on the latency testbed: a provider whose IPv6 source address vanishes
// with its link ("source-gone") has its probes refused locally. Those are recorded as losses of
// its paths, counted by cause, warned about (rate-limited) and the provider is stored unhealthy;
// when the link and address come back it is healthy again. The worker runs as its own process in
// the testbed's edge namespace, exactly as in production.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Store } from "@dnsteer/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTopology, type SeededTestbed, startTestbed, testbedSkipReason } from "../../../fixtures/testbed/index.js";
import { source, tempDir } from "./helpers.js";

const skipReason = testbedSkipReason();
if (skipReason) console.warn(`packages/measure: skipping the testbed health test: ${skipReason}`);

const workerMain = fileURLToPath(new URL("../src/worker-main.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Event {
  t: number;
  event: string;
  [k: string]: unknown;
}

describe.skipIf(skipReason !== undefined)("worker health on the latency testbed", () => {
  let tb: SeededTestbed;
  const tmp = tempDir();

  beforeAll(async () => {
    tb = await startTestbed(generateTopology(5, { resolvers: 12, prefixes: 2 }), { prefix: `mh${process.pid % 10_000_000}` });
  });
  afterAll(async () => {
    await tb?.down();
    tmp.cleanup();
  });

  it("a provider whose IPv6 source is gone: losses recorded for its paths, counted by cause, one warning, unhealthy, then healthy again", async () => {
    const down = tb.providers[1]!;
    const db = tmp.file("health.db");
    const seed = Store.open(db);
    seed.upsertSources(tb.resolvers.flatMap((r) => [source(r.v4), source(r.v6)]));
    seed.close();
    const config = tmp.file("health.json");
    writeFileSync(
      config,
      JSON.stringify({
        database: db,
        providers: tb.providers.map((p) => ({ name: p.name, sourceV4: p.v4, sourceV6: p.v6, device: p.device })),
        scope: { allow: ["198.18.0.0/15", "2001:db8::/32"] },
        schedule: { budgetPerSec: 300, minIntervalMs: 300, lowDemandStretch: 1, kinds: ["icmp", "tcp"] },
        probe: { timeoutMs: 300, statsEveryMs: 1000 },
        storage: { flushMs: 100 },
      }),
    );
    const child = tb.nsSpawn("edge", [process.execPath, "--conditions=source", "--import", "tsx", workerMain, config], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const events = () =>
      out
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Event);
    let exited: number | null | undefined;
    child.once("exit", (code) => {
      exited = code;
    });
    try {
      for (let i = 0; !events().some((e) => e.event === "started"); i++) {
        if (exited !== undefined || i > 900) throw new Error(`worker did not start (exit ${exited}):\n${out}`);
        await sleep(100);
      }
      await sleep(1500);
      await tb.linkDown(down.name, "source-gone");
      const downAt = Date.now();
      await sleep(3000);
      await tb.linkUp(down.name);
      const upAt = Date.now();
      const healthWhileDown = events().find((e) => e.event === "provider-unhealthy");
      expect(healthWhileDown).toMatchObject({ level: "warn", provider: down.name, cause: "SOURCE_NOT_LOCAL", family: 6 });
      // Back: the last health event says healthy (neighbour discovery right after the link comes
      // back can fail a few sends first), and stays so for a while.
      const lastHealth = () =>
        events()
          .filter((e) => e.event.startsWith("provider-") && e.provider === down.name)
          .at(-1);
      for (let i = 0; i < 300 && !(lastHealth()?.event === "provider-healthy" && Date.now() - lastHealth()!.t > 1500); i++)
        await sleep(100);
      expect(lastHealth()).toMatchObject({ event: "provider-healthy", level: "info" });
      expect(lastHealth()!.t).toBeGreaterThan(upAt - 1000);
      // Nothing flapped while it was down: unhealthy once, healthy only after the link came back.
      expect(events().filter((e) => e.event === "provider-healthy" && e.t < upAt - 1000)).toEqual([]);
      // One warning line per provider and cause per 10 s, however many probes failed.
      const warnings = events().filter(
        (e) => e.event === "probe-failed" && e.provider === down.name && e.code === "SOURCE_NOT_LOCAL" && e.t < upAt,
      );
      expect(warnings).toHaveLength(1);
      // The periodic line counts the failures by cause.
      const failed = events()
        .filter((e) => e.event === "probe-stats")
        .reduce(
          (n, e) => n + ((e.byProvider as Record<string, { failedBy: Record<string, number> }>)[down.name]?.failedBy.SOURCE_NOT_LOCAL ?? 0),
          0,
        );
      expect(failed).toBeGreaterThan(10);
      const store = Store.open(db);
      try {
        // Every IPv6 path of the provider got loss samples while its source was gone (none is silent).
        const v6Lost = new Set(
          store
            .listSamples({ provider: down.name, since: downAt + 500 })
            .filter((s) => s.family === 6 && s.rttUs === null && s.at < upAt)
            .map((s) => s.source),
        );
        expect(v6Lost.size).toBe(tb.resolvers.length);
        expect(store.listProviderHealth().find((h) => h.provider === down.name)).toMatchObject({ healthy: true });
        expect(
          store
            .listProviderHealth()
            .map((h) => h.provider)
            .sort(),
        ).toEqual(tb.providers.map((p) => p.name).sort());
      } finally {
        store.close();
      }
    } finally {
      if (exited === undefined) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
    }
  }, 180_000);
});
