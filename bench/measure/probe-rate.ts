/**
 * Measurement bench on the latency testbed: probes/s sustained and CPU share of the worker process,
 * and RTT error (measured - configured return delay) p50/p99, at each requested rate.
 * Usage (root): node --conditions=source --import tsx bench/measure/probe-rate.ts [rates=1000,5000] [seconds=10] [kind=icmp] [family=4] [timestamps=kernel]
 * timestamps: "kernel" (the probe addon, when it loads), "user" (raw-socket with user-space stamps:
 * the worker runs with DNSTEER_PROBE_ADDON=off) or "compare" (user then kernel at each rate, same testbed).
 * TESTBED_DELAY_ROUTER=c|python picks the testbed's delay router (default: the C one when it builds).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Store } from "@dnsteer/storage";
import { type Testbed, upTestbed } from "../../fixtures/testbed/index.js";

const RATES = (process.argv[2] ?? "1000,5000").split(",").map(Number);
const SECONDS = Number(process.argv[3] ?? 10);
const KIND = (process.argv[4] ?? "icmp") as "icmp" | "tcp";
// IPv6 targets are probed by TCP only (the resolvers' IPv6 addresses; same delays as IPv4).
const FAMILY = Number(process.argv[5] ?? 4) as 4 | 6;
if (FAMILY === 6 && KIND !== "tcp") throw new Error("family 6 is probed by tcp only");
type Stamps = "kernel" | "user";
const STAMPS = process.argv[6] ?? "kernel";
if (STAMPS !== "kernel" && STAMPS !== "user" && STAMPS !== "compare") throw new Error("timestamps: kernel, user or compare");
const MODES: Stamps[] = STAMPS === "compare" ? ["user", "kernel"] : [STAMPS];
const WIRE = fileURLToPath(new URL("./wire-rtt.py", import.meta.url));
const WORKER = fileURLToPath(new URL("../../packages/measure/src/worker-main.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Node flags for the worker process, e.g. BENCH_NODE_FLAGS="--max-semi-space-size=64". Tried: a 64 MB
// young generation makes scavenges rarer but each pause longer (9-50 ms); p99 did not improve.
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);

// The delay router's CPU time (user + system, clock ticks of 10 ms): it idles at ~0 without traffic,
// so its time over the run's length is its share while probing.
function routerCpuTicks(tb: Testbed): number {
  const pid = readFileSync(join(tb.runDir, "delay-router.pid"), "utf8").trim();
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

// The C router's own release lateness (write - due) since the last call: SIGUSR1 makes it log the
// figures and start over (README of fixtures/testbed). Empty for the python router.
async function routerLateness(tb: Testbed): Promise<Record<string, string>> {
  if (tb.delayRouter !== "c") return {};
  const pid = Number(readFileSync(join(tb.runDir, "delay-router.pid"), "utf8"));
  const log = join(tb.runDir, "delay-router.log");
  const before = readFileSync(log, "utf8").length;
  process.kill(pid, "SIGUSR1");
  for (let i = 0; i < 50; i++) {
    const line = readFileSync(log, "utf8")
      .slice(before)
      .match(/release lateness over (\d+) packets:(.*)/);
    if (line) return { routerLate: line[2]!.trim() };
    await new Promise((r) => setTimeout(r, 20));
  }
  return {};
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;

async function runAt(tb: Testbed, rate: number, dir: string, stamps: Stamps): Promise<Record<string, number | string>> {
  const db = join(dir, `bench-${rate}-${stamps}.db`);
  const seed = Store.open(db);
  const now = Date.now();
  seed.upsertSources(
    tb.resolvers
      .filter((r) => KIND === "tcp" || !r.dropIcmp)
      .map((r) => ({
        address: FAMILY === 6 ? r.v6 : r.v4,
        prefixLength: FAMILY === 6 ? 128 : 32,
        aggregateAddress: null,
        aggregatePrefixLength: null,
        rate: 1,
        queries: 1,
        groupCounts: {},
        firstSeen: now,
        lastSeen: now,
        ecs: false,
      })),
  );
  seed.close();
  const paths = tb.resolvers.length * tb.providers.length;
  const config = join(dir, `bench-${rate}-${stamps}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      database: db,
      providers: tb.providers.map((p) => ({ name: p.name, sourceV4: p.v4, sourceV6: p.v6, device: p.device })),
      scope: { allow: ["192.0.2.0/24", "2001:db8::/32"] },
      // Every path is due more often than the budget allows: the budget is what we measure.
      // lowDemandStretch 1: with the default 4, the least-demanded paths wait 4x minIntervalMs and
      // the paths, not the budget, limited the rate (1k/s asked, ~850/s sent).
      schedule: {
        budgetPerSec: rate,
        burst: Math.max(5, Math.round(rate / 500)),
        minIntervalMs: Math.max(1, (paths / rate) * 500),
        lowDemandStretch: 1,
        kinds: [KIND],
      },
      probe: {
        timeoutMs: 1000,
        maxInFlight: 20_000,
        ...(process.env.BENCH_RT_THREAD && { realtimePriority: Number(process.env.BENCH_RT_THREAD) }),
      },
      storage: { flushMs: Number(process.env.BENCH_FLUSH_MS ?? 200) },
      run: { durationMs: SECONDS * 1000 },
    }),
  );
  // BENCH_WIRE=1: the wire's own RTTs (AF_PACKET + kernel timestamps at the edge's links) in the same run.
  const wire = process.env.BENCH_WIRE ? tb.nsSpawn("edge", ["python3", WIRE], { stdio: ["ignore", "pipe", "pipe"] }) : null;
  let wireOut = "";
  wire?.stdout?.on("data", (c: Buffer) => {
    wireOut += c.toString();
  });
  if (wire) await new Promise((r) => wire.stderr!.once("data", r));
  const routerTicks = routerCpuTicks(tb);
  await routerLateness(tb);
  const rt = process.env.BENCH_RT_PRIORITY ? ["chrt", "-f", process.env.BENCH_RT_PRIORITY] : [];
  const child = tb.nsSpawn("edge", [...rt, process.execPath, ...NODE_FLAGS, "--conditions=source", "--import", "tsx", WORKER, config], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    // "user": the probers fall back to raw-socket (the path before the addon), as when it cannot load.
    env: { ...process.env, DNSTEER_PROBE_ADDON: stamps === "user" ? "off" : "" },
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => {
    out += c.toString();
  });
  await new Promise((r) => child.once("exit", r));
  const routerCpuPct = +((routerCpuTicks(tb) - routerTicks) / SECONDS).toFixed(1);
  const routerLate = await routerLateness(tb);
  let wireStats: Record<string, number> = {};
  if (wire) {
    wire.kill("SIGTERM");
    await new Promise((r) => wire.once("exit", r));
    const byAddress = new Map(
      tb.providers.flatMap(
        (p) =>
          [
            [p.v4, p.name],
            [p.v6, p.name],
          ] as const,
      ),
    );
    const wireErrors = (JSON.parse(wireOut) as [string, string, number][])
      .map(([source, target, ms]) => Math.abs(ms - tb.resolver(target).delays[byAddress.get(source)!]!))
      .sort((a, b) => a - b);
    wireStats = {
      wireP50Ms: +quantile(wireErrors, 0.5).toFixed(3),
      wireP95Ms: +quantile(wireErrors, 0.95).toFixed(3),
      wireP99Ms: +quantile(wireErrors, 0.99).toFixed(3),
      wireSamples: wireErrors.length,
    };
  }
  interface Line {
    event: string;
    t: number;
    cpuUserUs: number;
    cpuSystemUs: number;
    probes: number;
    losses: number;
  }
  const events = out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Line);
  const started = events.find((e) => e.event === "started");
  const stopped = events.find((e) => e.event === "stopped");
  if (!started || !stopped) throw new Error(`worker did not finish cleanly:\n${out.slice(-2000)}`);
  const store = Store.open(db);
  const errors: number[] = [];
  const perPair = new Map<string, number[]>();
  for (const s of store.listSamples()) {
    if (s.rttUs === null) continue;
    const err = s.rttUs / 1000 - tb.resolver(s.source).delays[s.provider]!;
    errors.push(Math.abs(err));
    const key = `${s.source}|${s.provider}`;
    perPair.set(key, [...(perPair.get(key) ?? []), err]);
  }
  store.close();
  errors.sort((a, b) => a - b);
  const pairMedians = [...perPair.values()].map((e) =>
    Math.abs(
      quantile(
        e.sort((a, b) => a - b),
        0.5,
      ),
    ),
  );
  // CPU of the whole worker process (probing thread, SQLite writer thread, GC) from "started" to
  // "stopped" (the final drain included), over the same wall time: start-up is left out.
  const cpuUs = stopped.cpuUserUs + stopped.cpuSystemUs - started.cpuUserUs - started.cpuSystemUs;
  return {
    rate,
    family: FAMILY,
    timestamps: stamps,
    delayRouter: tb.delayRouter,
    routerCpuPct,
    load1: +loadavg()[0]!.toFixed(1),
    probesPerSec: Math.round(stopped.probes / SECONDS),
    lossPct: +((100 * stopped.losses) / Math.max(1, stopped.probes)).toFixed(2),
    cpuSharePct: +((100 * cpuUs) / 1000 / (stopped.t - started.t)).toFixed(1),
    errP50Ms: +quantile(errors, 0.5).toFixed(3),
    errP95Ms: +quantile(errors, 0.95).toFixed(3),
    errP99Ms: +quantile(errors, 0.99).toFixed(3),
    worstPairMedianMs: +Math.max(...pairMedians).toFixed(3),
    samples: errors.length,
    ...wireStats,
    ...routerLate,
  };
}

const dir = mkdtempSync(join(tmpdir(), "dnsteer-bench-measure-"));
// BENCH_ROUTER_SPIN_US / BENCH_ROUTER_RT: the delay router's spin before a due time and its SCHED_FIFO
// priority (testbed config delayRouter.spinUs, delayRouter.realtimePriority; defaults 50 us, 10).
const delayRouter = {
  ...(process.env.BENCH_ROUTER_SPIN_US && { spinUs: Number(process.env.BENCH_ROUTER_SPIN_US) }),
  ...(process.env.BENCH_ROUTER_RT && { realtimePriority: Number(process.env.BENCH_ROUTER_RT) }),
};
const tb = await upTestbed({ prefix: `bm${process.pid % 100000}`, overrides: { delayRouter } });
try {
  for (const rate of RATES) for (const stamps of MODES) console.log(JSON.stringify(await runAt(tb, rate, dir, stamps)));
} finally {
  await tb.down();
  if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
