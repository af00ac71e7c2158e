// End to end on the latency testbed (fixtures/testbed): the worker process runs inside the edge
// namespace, probes 64 resolvers through 3 providers out of each provider's own address, and what
// it stores in SQLite is compared with the delay table the testbed imposes.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Sample, Store } from "@dnsteer/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Testbed, testbedSkipReason, upTestbed } from "../../../fixtures/testbed/index.js";
import { source, tempDir } from "./helpers.js";

const skipReason = testbedSkipReason();
if (skipReason) console.warn(`packages/measure: skipping the testbed end-to-end test: ${skipReason}`);

const workerMain = fileURLToPath(new URL("../src/worker-main.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const TOLERANCE_MS = 1;

interface Run {
  db: string;
  summary: Record<string, number>;
  startedAt: number;
}
type Families = "v4" | "v6" | "both";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

describe.skipIf(skipReason !== undefined)("worker on the latency testbed (64 resolvers x 3 providers)", () => {
  let tb: Testbed;
  const tmp = tempDir();
  const prefix = `me${process.pid % 10_000_000}`;

  /** One bounded worker run (its own process, in the edge namespace, its own database). */
  async function runWorker(
    name: string,
    families: Families,
    kinds: ("icmp" | "tcp")[],
    durationMs: number,
    budgetPerSec: number,
  ): Promise<Run> {
    const db = tmp.file(`${name}.db`);
    const seed = Store.open(db);
    const addrs = tb.resolvers.flatMap((r) => (families === "v4" ? [r.v4] : families === "v6" ? [r.v6] : [r.v4, r.v6]));
    seed.upsertSources(addrs.map((a) => source(a)));
    seed.close();
    const config = tmp.file(`${name}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        database: db,
        providers: tb.providers.map((p) => ({ name: p.name, sourceV4: p.v4, sourceV6: p.v6, device: p.device })),
        // Testbed-only scope: the resolvers' prefixes, nothing else.
        scope: { allow: ["192.0.2.0/24", "2001:db8:100::/64"] },
        // Paced (bursts distort RTT: FACTS); every path is due every ~0.5 s, the budget spreads them.
        schedule: {
          budgetPerSec,
          burst: 3,
          pacingJitter: 0.5,
          minIntervalMs: 500,
          intervalJitter: 0.2,
          lowDemandStretch: 1,
          fallbackAfterLosses: 3,
          kinds,
        },
        probe: { timeoutMs: 300, tcpPort: 53 },
        storage: { flushMs: 100 },
        run: { durationMs },
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
    const startedAt = Date.now();
    const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    const events = out
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, number> & { event: string });
    const stopped = events.find((e) => e.event === "stopped");
    if (code !== 0 || !stopped) throw new Error(`worker run ${name} failed (exit ${code}):\n${out.slice(-3000)}`);
    return { db, summary: stopped, startedAt };
  }

  function samplesOf(run: Run): Sample[] {
    const store = Store.open(run.db);
    try {
      return store.listSamples();
    } finally {
      store.close();
    }
  }

  /** Median RTT (ms) per (address, provider) over replies of one kind and family, with the error against the table. */
  function medians(samples: Sample[], kind: "icmp" | "tcp", family: 4 | 6) {
    const by = new Map<string, number[]>();
    for (const s of samples) {
      if (s.kind !== kind || s.family !== family || s.rttUs === null) continue;
      const key = `${s.source}|${s.provider}`;
      by.set(key, [...(by.get(key) ?? []), s.rttUs / 1000]);
    }
    return [...by].map(([key, rtts]) => {
      const [address, provider] = key.split("|") as [string, string];
      const configured = tb.resolver(address).delays[provider]!;
      return {
        address,
        provider,
        n: rtts.length,
        median: median(rtts),
        configured,
        error: median(rtts) - configured,
        errors: rtts.map((r) => r - configured),
      };
    });
  }

  function report(label: string, m: ReturnType<typeof medians>): void {
    const all = m.flatMap((x) => x.errors);
    const worst = m.reduce((w, x) => (Math.abs(x.error) > Math.abs(w.error) ? x : w), m[0]!);
    console.log(
      `${label}: ${m.length} pairs, ${all.length} replies; per-sample error p50 ${quantile(all, 0.5).toFixed(3)} ms, ` +
        `p99 ${quantile(all, 0.99).toFixed(3)} ms; worst pair median ${worst.error.toFixed(3)} ms (${worst.address} via ${worst.provider})`,
    );
  }

  let mixed: Run; // v4 and v6 sources, kinds icmp then tcp: v4 by ICMP (TCP for drop-ICMP resolvers), v6 by TCP
  let tcp4: Run; // v4 sources by TCP only

  beforeAll(async () => {
    tb = await upTestbed({ prefix });
    // Sequential, not parallel: two workers at once would share the CPU and distort each other's RTTs.
    mixed = await runWorker("mixed", "both", ["icmp", "tcp"], 12_000, 600);
    tcp4 = await runWorker("tcp4", "v4", ["tcp"], 8_000, 400);
  }, 90_000);

  afterAll(async () => {
    await tb?.down();
    tmp.cleanup();
  });

  it("measures every resolver through every provider: IPv4 ICMP and TCP, IPv6 TCP, medians within 1 ms of the table", () => {
    const dropping = new Set(tb.resolvers.filter((r) => r.dropIcmp).map((r) => r.v4));
    const samples = samplesOf(mixed);
    const icmp4 = medians(samples, "icmp", 4);
    const tcp6 = medians(samples, "tcp", 6);
    const tcpv4 = medians(samplesOf(tcp4), "tcp", 4);
    report("IPv4 ICMP", icmp4);
    report("IPv4 TCP", tcpv4);
    report("IPv6 TCP", tcp6);
    const nProviders = tb.providers.length;
    expect(tb.resolvers.length).toBeGreaterThanOrEqual(64);
    expect(nProviders).toBe(3);
    expect(icmp4.length).toBe((tb.resolvers.length - dropping.size) * nProviders);
    expect(tcpv4.length).toBe(tb.resolvers.length * nProviders);
    expect(tcp6.length).toBe(tb.resolvers.length * nProviders);
    for (const m of [...icmp4, ...tcpv4, ...tcp6]) {
      expect(m.n, `${m.address} via ${m.provider}`).toBeGreaterThanOrEqual(3);
      expect(Math.abs(m.error), `${m.address} via ${m.provider}: median ${m.median} ms, configured ${m.configured} ms`).toBeLessThanOrEqual(
        TOLERANCE_MS,
      );
    }
  });

  it("keeps per-path aggregates (windowed median) within 1 ms of the table", () => {
    const store = Store.open(mixed.db);
    try {
      const stats = store.listPathStats().filter((s) => s.prefixLength === 32 || s.prefixLength === 128);
      expect(stats.length).toBe(tb.resolvers.length * 2 * tb.providers.length);
      for (const s of stats) {
        const configured = tb.resolver(s.prefix).delays[s.provider]!;
        expect(s.medianRttUs, `${s.prefix} via ${s.provider}`).not.toBeNull();
        expect(Math.abs(s.medianRttUs! / 1000 - configured), `${s.prefix} via ${s.provider}`).toBeLessThanOrEqual(TOLERANCE_MS);
      }
    } finally {
      store.close();
    }
  });

  it("measures a resolver that drops ICMP by TCP (fallback), within 1 ms", () => {
    const dropping = tb.resolvers.filter((r) => r.dropIcmp);
    expect(dropping.length).toBeGreaterThan(0);
    const samples = samplesOf(mixed);
    const tcp = medians(samples, "tcp", 4);
    for (const r of dropping) {
      // Its ICMP never answered: those losses were held and dropped once TCP answered (they say
      // the resolver drops ICMP, not that the path loses), so no ICMP sample is stored...
      const icmp = samples.filter((s) => s.source === r.v4 && s.kind === "icmp");
      expect(icmp).toEqual([]);
      for (const p of tb.providers) {
        const m = tcp.find((x) => x.address === r.v4 && x.provider === p.name); // ...and TCP took over
        expect(m, `${r.v4} via ${p.name}`).toBeDefined();
        expect(Math.abs(m!.error)).toBeLessThanOrEqual(TOLERANCE_MS);
      }
    }
  });

  it("shows 100% loss on a provider whose link is down, and none on the others", async () => {
    const down = tb.providers[2]!.name;
    await tb.linkDown(down);
    let outage: Run;
    try {
      outage = await runWorker("outage", "both", ["icmp", "tcp"], 5_000, 600);
    } finally {
      await tb.linkUp(down);
    }
    const samples = samplesOf(outage);
    for (const p of tb.providers) {
      const mine = samples.filter((s) => s.provider === p.name);
      const lost = mine.filter((s) => s.rttUs === null).length;
      console.log(`link ${down} down: provider ${p.name}: ${mine.length} samples, ${lost} lost`);
      expect(mine.length).toBeGreaterThan(100);
      if (p.name === down) expect(lost).toBe(mine.length);
      else expect(lost / mine.length).toBeLessThan(0.05); // drop-ICMP resolvers' first ICMP tries before the fallback
    }
  }, 60_000);
});
