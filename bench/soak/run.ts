/**
 * `pnpm bench:soak [--duration 10m] [--qps 2000] [--slow 50] [--steered-qps 500] [--resolvers 64]`:
 * the issue's soak on the latency testbed. `dnsteer up` runs in the edge namespace (responder,
 * API, and the worker probing every resolver out of every provider); Knot runs next to it as the
 * peer for the static load. Static mixed load (UDP, ECS, NXDOMAIN, malformed, TCP, slow and
 * never-reading TCP clients) goes to both on the edge's loopback; steered queries come from
 * every resolver address through the testbed's delayed paths. Every 10 s: answered/s, loss and
 * p99 per kind, steered answers per provider and how many named the resolver's best provider,
 * probes, RSS of every process. At the end: totals, ratios dnsteer/Knot, each resolver's last
 * answer against its truly best provider, probes over the run, restarts, crashes (exit 1 if
 * any). Needs root (network namespaces). Not in CI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Testbed, testbedSkipReason, upTestbed } from "../../fixtures/testbed/index.js";
import { Generator } from "./child-io.js";
import {
  DNSTEER_STATIC,
  KNOT_STATIC,
  STEERED_NAME,
  scrape,
  serviceAddress,
  startKnotInEdge,
  startUp,
  supervisorState,
  writeDnsteerConfig,
} from "./edge.js";
import { type Period, pct, RssTrack, STATIC_KINDS, type StaticPeriod, type SteeredFinal, type SteeredPeriod, sumOf } from "./figures.js";
import type { SteeredPlan } from "./steered-plan.js";
import { printSummary } from "./summary.js";
import { RunTally } from "./tally.js";

const ROOT = resolve(import.meta.dirname, "../..");
const { values } = parseArgs({
  options: {
    duration: { type: "string" },
    minutes: { type: "string" },
    qps: { type: "string", default: "2000" },
    slow: { type: "string", default: "50" },
    "steered-qps": { type: "string", default: "500" },
    resolvers: { type: "string", default: "64" },
    "probe-interval-ms": { type: "string", default: "2000" },
  },
});

/** "90", "90s", "10m", "1h" -> ms. */
function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`--duration: "${text}" is not a duration (e.g. 60s, 10m)`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "s" | "m" | "h"];
}
const durationMs = parseDuration(values.duration ?? `${values.minutes ?? 10}m`);
const qps = Number(values.qps);
const steeredQps = Number(values["steered-qps"]);
const resolverCount = Number(values.resolvers);
const PERIOD_MS = 10_000;

const skip = testbedSkipReason();
if (skip) {
  console.error(`bench:soak needs the latency testbed: ${skip}`);
  process.exit(2);
}

const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
function rssMb(pid: number | null | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
const alive = (c: { exitCode: number | null; signalCode: NodeJS.Signals | null } | undefined) =>
  c !== undefined && c.exitCode === null && c.signalCode === null;

const dir = mkdtempSync(join(tmpdir(), "dnsteer-soak-"));
let tb: Testbed | undefined;
const started: Array<{ name: string; child: import("node:child_process").ChildProcess }> = [];

/** Our processes (by their handles, newest first), then the testbed (which also stops whatever is left in its namespaces), then the folder. */
async function cleanup(): Promise<void> {
  for (const { child } of started.reverse()) {
    if (!alive(child)) continue;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await gone;
    clearTimeout(t);
  }
  await tb?.down();
  rmSync(dir, { recursive: true, force: true });
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (e) {
  console.error((e as Error).message);
  await cleanup();
  process.exit(1);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  tb = await upTestbed({ prefix: `soak${process.pid % 100_000}`, overrides: { resolvers: { count: resolverCount } } });
  const up = await startUp(tb, writeDnsteerConfig(tb, dir, Number(values["probe-interval-ms"])), dir);
  started.push({ name: "dnsteer up", child: up.child });
  const knot = await startKnotInEdge(tb, dir);
  started.push({ name: "knot", child: knot });

  const plan: SteeredPlan = {
    qname: STEERED_NAME,
    qps: steeredQps,
    resolvers: tb.resolvers.map((r) => ({ v4: r.v4, delays: r.delays })),
    providers: tb.providers.map((p) => ({ name: p.name, v4: p.v4, service: serviceAddress(p.v4) })),
  };
  const planFile = join(dir, "steered-plan.json");
  writeFileSync(planFile, JSON.stringify(plan));
  const node = [process.execPath, "--conditions=source", "--import", "tsx"];
  const spawnOpts = { stdio: ["pipe", "pipe", "pipe"] as ["pipe", "pipe", "pipe"], cwd: ROOT };
  const targets = [
    { name: "dnsteer", ...DNSTEER_STATIC },
    { name: "knot", ...KNOT_STATIC },
  ];
  const statics = new Generator(
    "static",
    tb.nsSpawn(
      "edge",
      [
        ...node,
        join(import.meta.dirname, "gen-static.ts"),
        "--targets",
        JSON.stringify(targets),
        "--qps",
        String(qps),
        "--slow",
        String(values.slow),
      ],
      spawnOpts,
    ),
  );
  const steered = new Generator(
    "steered",
    tb.nsSpawn("resolvers", [...node, join(import.meta.dirname, "gen-steered.ts"), "--plan", planFile], spawnOpts),
  );
  started.push({ name: "static load", child: statics.child }, { name: "steered load", child: steered.child });
  // The first answer says the generator runs (tsx compiled it, sockets bound): the run starts there.
  const { mix } = await statics.ask<StaticPeriod>("period", 120_000);
  await steered.ask<SteeredPeriod>("period", 120_000);
  // Counters at the start, then the generators' counts start over right after (a second apart at most).
  const [workerAtStart, responderAtStart] = await Promise.all([scrape(tb, "worker"), scrape(tb, "responder")]);
  await Promise.all([statics.ask<StaticPeriod>("period"), steered.ask<SteeredPeriod>("period")]);
  console.log(
    `soak: ${(durationMs / 60_000).toFixed(1)} min on testbed ${tb.prefix} (set up in ${((Date.now() - t0) / 1000).toFixed(0)} s); per server: ${mix}; steered ${STEERED_NAME} ${steeredQps}/s from ${tb.resolvers.length} resolver addresses over ${tb.providers.length} providers; worker ICMP/TCP probes every ${values["probe-interval-ms"]} ms per path; load average ${loadavg()}`,
  );

  const tally = new RunTally(targets.map((t) => t.name));
  const rss = new Map<string, RssTrack>();
  const sampleRss = (): string => {
    const pids: Array<[string, number | null | undefined]> = [["up", up.child.pid]];
    for (const c of supervisorState(dir)?.children ?? []) pids.push([c.name, c.pid]);
    pids.push(["knot", knot.pid]);
    return pids
      .map(([name, pid]) => {
        const mb = rssMb(pid);
        if (!rss.has(name)) rss.set(name, new RssTrack());
        rss.get(name)!.add(mb);
        return `${name} ${mb.toFixed(0)}`;
      })
      .join(", ");
  };
  let workerBefore = workerAtStart;
  const loadStart = loadavg();
  console.log(`RSS MB at start: ${sampleRss()}`);
  console.log("   t  server   udp ans/s loss% p99 | ecs | nxdomain | malformed (replies) | tcp      [p99 in ms]");

  const runStart = Date.now();
  const periods = Math.max(1, Math.round(durationMs / PERIOD_MS));
  let sampledAt = runStart;
  const row = (p: Period, secs: number, loss = true) =>
    `${Math.round(p.answered / secs)}${loss ? ` ${pct(p.lost, p.sent)}%` : ""} ${p.p99 === null ? "-" : p.p99.toFixed(1)}`;
  for (let i = 1; i <= periods; i++) {
    await new Promise((r) => setTimeout(r, Math.max(0, runStart + i * PERIOD_MS - Date.now())));
    const secs = (Date.now() - sampledAt) / 1000;
    sampledAt = Date.now();
    const [s, st, worker] = await Promise.all([
      statics.ask<StaticPeriod>("period"),
      steered.ask<SteeredPeriod>("period"),
      scrape(tb, "worker"),
    ]);
    const t = String(Math.round((Date.now() - runStart) / 1000)).padStart(4);
    tally.addStatic(s);
    for (const [server, kinds] of Object.entries(s.servers)) {
      console.log(`${t}  ${server.padEnd(8)} ${STATIC_KINDS.map((k) => row(kinds[k], secs, k !== "malformed")).join(" | ")}`);
    }
    tally.addSteered(st, Math.round((Date.now() - runStart) / 1000) - PERIOD_MS / 1000);
    const probes = (r: string) =>
      worker === ""
        ? "?"
        : sumOf(worker, "dnsteer_probes_total", { result: r }) - sumOf(workerBefore, "dnsteer_probes_total", { result: r });
    console.log(
      `${t}  steered  ${row(st.steered, secs)} (after path delay), best ${pct(st.best, st.steered.answered)}%, ${Object.entries(
        st.byProvider,
      )
        .sort()
        .map(([p, n]) => `${p} ${n}`)
        .join(" ")}; probes sent ${probes("sent")}, answered ${probes("answered")}`,
    );
    if (worker !== "") workerBefore = worker;
    console.log(
      `${t}  RSS MB   ${sampleRss()}; load ${loadavg()}; generators' event-loop delay p99 ${s.lagP99Ms.toFixed(0)} ms (static), ${st.lagP99Ms.toFixed(0)} ms (steered)`,
    );
    if (!alive(up.child) || !alive(knot)) break;
  }

  const seconds = (Date.now() - runStart) / 1000;
  const final = await steered.ask<SteeredFinal>("final");
  tally.addSteered({ steered: final.steered, byProvider: final.byProvider, best: final.best }, null);
  await statics.ask<StaticPeriod>("final");
  const [worker, responder] = await Promise.all([scrape(tb, "worker"), scrape(tb, "responder")]);
  const supervisor = supervisorState(dir);
  const testbed = tb;
  printSummary({
    tally,
    seconds,
    periods,
    load: { start: loadStart, end: loadavg() },
    rss,
    final,
    worker: { start: workerAtStart, end: worker },
    responder: { start: responderAtStart, end: responder },
    providers: testbed.providers.map((p) => p.name),
    delaysOf: (a) => testbed.resolvers.find((r) => r.v4 === a)?.delays ?? {},
  });
  const restarts =
    supervisor?.children.map((c) => `${c.name} ${c.restarts}${c.state !== "running" ? ` (${c.state}: ${c.lastError})` : ""}`) ?? [];
  const crashes =
    (supervisor?.children.reduce((n, c) => n + c.restarts + (c.state === "running" ? 0 : 1), 0) ?? 1) +
    (alive(up.child) ? 0 : 1) +
    (alive(knot) ? 0 : 1);
  console.log(
    `  supervisor restarts: ${restarts.join(", ") || "no supervisor.json"}; dnsteer up ${alive(up.child) ? "running" : "EXITED"}; knot ${alive(knot) ? "running" : "EXITED"}`,
  );
  console.log(`crashes: ${crashes}`);
  if (crashes > 0) console.log(`--- dnsteer up log (tail) ---\n${up.log().slice(-5000)}`);
  await cleanup();
  process.exit(crashes === 0 ? 0 : 1);
}
