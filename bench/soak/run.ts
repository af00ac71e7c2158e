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
import {
  KindTotals,
  pct,
  RssTrack,
  STATIC_KINDS,
  type StaticPeriod,
  type SteeredFinal,
  type SteeredPeriod,
  samples,
  sumOf,
} from "./figures.js";
import type { SteeredPlan } from "./steered-plan.js";

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
/** `x` with `digits` decimals, "-" when there is no figure. */
const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "-");
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

  const totals = Object.fromEntries(
    ["dnsteer", "knot"].map((s) => [s, Object.fromEntries(STATIC_KINDS.map((k) => [k, new KindTotals()]))]),
  ) as Record<string, Record<string, KindTotals>>;
  const steeredTotals = new KindTotals();
  const byProvider: Record<string, number> = {};
  let bestAnswers = 0;
  /** Since when (s into the run) every steered answer named the asking resolver's best provider; periods where some did not. */
  let allBestSince: number | null = null;
  let periodsNotAllBest = 0;
  /** The generators' own event-loop delay p99 per period (ms): high means their figures are late, not the servers'. */
  const lags = { static: [] as number[], steered: [] as number[] };
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
  const row = (p: { answered: number; lost: number; sent: number; p99: number | null }, secs: number, loss = true) =>
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
    for (const [server, kinds] of Object.entries(s.servers)) {
      for (const k of STATIC_KINDS) totals[server]![k]!.add(kinds[k]);
      console.log(`${t}  ${server.padEnd(8)} ${STATIC_KINDS.map((k) => row(kinds[k], secs, k !== "malformed")).join(" | ")}`);
    }
    steeredTotals.add(st.steered);
    for (const [p, n] of Object.entries(st.byProvider)) byProvider[p] = (byProvider[p] ?? 0) + n;
    bestAnswers += st.best;
    if (st.best < st.steered.answered) {
      allBestSince = null;
      periodsNotAllBest++;
    } else allBestSince ??= Math.round((Date.now() - runStart) / 1000) - PERIOD_MS / 1000;
    const sent = (m: string, r: string) =>
      worker === "" ? "?" : sumOf(m, "dnsteer_probes_total", { result: r }) - sumOf(workerBefore, "dnsteer_probes_total", { result: r });
    console.log(
      `${t}  steered  ${row(st.steered, secs)} (after path delay), best ${pct(st.best, st.steered.answered)}%, ${Object.entries(
        st.byProvider,
      )
        .sort()
        .map(([p, n]) => `${p} ${n}`)
        .join(" ")}; probes sent ${sent(worker, "sent")}, answered ${sent(worker, "answered")}`,
    );
    if (worker !== "") workerBefore = worker;
    lags.static.push(s.lagP99Ms);
    lags.steered.push(st.lagP99Ms);
    console.log(
      `${t}  RSS MB   ${sampleRss()}; load ${loadavg()}; generators' event-loop delay p99 ${s.lagP99Ms.toFixed(0)} ms (static), ${st.lagP99Ms.toFixed(0)} ms (steered)`,
    );
    if (!alive(up.child) || !alive(knot)) break;
  }

  const seconds = (Date.now() - runStart) / 1000;
  const final = await steered.ask<SteeredFinal>("final");
  steeredTotals.add(final.steered);
  for (const [p, n] of Object.entries(final.byProvider)) byProvider[p] = (byProvider[p] ?? 0) + n;
  bestAnswers += final.best;
  await statics.ask<StaticPeriod>("final");
  const [worker, responder] = await Promise.all([scrape(tb, "worker"), scrape(tb, "responder")]);
  const supervisor = supervisorState(dir);
  const loadEnd = loadavg();

  console.log(
    `\nsummary over ${seconds.toFixed(0)} s (load average at start ${loadStart}, at end ${loadEnd}); p99 = median of the 10 s p99s (worst 10 s p99)`,
  );
  console.log("  kind       server      sent/s  answered/s   loss %      p99 ms");
  const line = (kind: string, server: string, k: KindTotals, loss = true) =>
    console.log(
      `  ${kind.padEnd(10)} ${server.padEnd(8)} ${(k.sent / seconds).toFixed(0).padStart(9)} ${(k.answered / seconds).toFixed(0).padStart(11)} ${(loss ? k.lossPct().toFixed(3) : "-").padStart(8)} ${num(k.medianP99(), 2).padStart(8)} (${num(k.maxP99(), 1)})`,
    );
  for (const k of STATIC_KINDS) for (const server of ["dnsteer", "knot"]) line(k, server, totals[server]![k]!, k !== "malformed");
  line("steered", "dnsteer", steeredTotals);
  console.log(
    `  ratios dnsteer/knot (answered, p99): ${STATIC_KINDS.map((k) => {
      const d = totals.dnsteer![k]!;
      const n = totals.knot![k]!;
      return `${k} ${n.answered ? (d.answered / n.answered).toFixed(3) : "-"}, ${num(d.medianP99() / n.medianP99(), 2)}`;
    }).join("; ")}`,
  );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  console.log(
    `  generators' event-loop delay p99, median (worst) of the periods: static ${num(median(lags.static), 0)} (${num(Math.max(...lags.static), 0)}) ms, steered ${num(median(lags.steered), 0)} (${num(Math.max(...lags.steered), 0)}) ms`,
  );
  console.log(`  RSS: ${[...rss].map(([name, r]) => `${name} ${r.text()}`).join("; ")}`);

  const answered = Object.values(byProvider).reduce((a, b) => a + b, 0);
  const metricAnswers = (m: string, p: string) => sumOf(m, "dnsteer_steered_answers_total", { provider: p });
  console.log(
    `  steered answers per provider (client side): ${Object.entries(byProvider)
      .sort()
      .map(([p, n]) => `${p} ${n} (${pct(n, answered)}%)`)
      .join(", ")}; the resolver's best provider in ${pct(bestAnswers, answered)}% of ${answered}`,
  );
  console.log(
    `  steered answers per provider (responder's dnsteer_steered_answers_total over the run): ${[
      ...tb.providers.map((p) => p.name),
      "(zone)",
    ]
      .map((p) => `${p} ${metricAnswers(responder, p) - metricAnswers(responderAtStart, p)}`)
      .join(", ")}`,
  );
  console.log(
    `  every steered answer named the resolver's best provider ${allBestSince === null ? "in no period at the end" : `from ${allBestSince} s on`} (${periodsNotAllBest} of ${periods} periods had some that did not)`,
  );
  const wrong = Object.entries(final.last).filter(([, v]) => v.got !== v.best);
  console.log(
    `  at the end: ${Object.keys(final.last).length - wrong.length} of ${Object.keys(final.last).length} resolvers answered with their truly best provider${
      wrong.length
        ? `; not: ${wrong
            .map(([a, v]) => {
              const d = tb!.resolvers.find((r) => r.v4 === a)!.delays;
              return `${a} got ${v.got} best ${v.best} (${Object.entries(d)
                .map(([p, ms]) => `${p} ${ms} ms`)
                .join(", ")})`;
            })
            .join("; ")}`
        : ""
    }`,
  );
  const probes = (m: string, p: string, r: string) => sumOf(m, "dnsteer_probes_total", { provider: p, result: r });
  console.log(
    `  worker probes over the run (sent/answered/lost/failed): ${tb.providers
      .map(
        (p) =>
          `${p.name} ${["sent", "answered", "lost", "failed"].map((r) => probes(worker, p.name, r) - probes(workerAtStart, p.name, r)).join("/")}`,
      )
      .join(", ")}`,
  );
  const switchesAtStart = samples(workerAtStart, "dnsteer_decision_switches_total");
  const switches = [...samples(worker, "dnsteer_decision_switches_total")]
    .map(([labels, n]) => [/cause="([^"]*)"/.exec(labels)?.[1] ?? labels, n - (switchesAtStart.get(labels) ?? 0)] as const)
    .filter(([, n]) => n > 0);
  console.log(
    `  decision switches over the run (dnsteer_decision_switches_total by cause): ${switches.map(([c, n]) => `${c} ${n}`).join(", ") || "none"}`,
  );
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
