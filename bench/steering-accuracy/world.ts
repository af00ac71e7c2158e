// One topology's world: the seeded testbed, `dnsteer serve` and `dnsteer worker` in its edge
// namespace (real binaries, one shared config), and the answers every resolver address gets.
import type { ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Family, type SeededTestbed, startTestbed, type Topology } from "../../fixtures/testbed/index.js";

export const BIN = fileURLToPath(new URL("../../apps/dnsteer/bin/dnsteer", import.meta.url));
export const ZONE = "example.test.";
export const STEERED = "www.example.test.";
/** What a source without a decision gets (the zone's own record): no provider's. */
export const ZONE_DEFAULT_A = "192.0.2.99";

/** The documented defaults that are durations, in ms (packages/measure, packages/config, packages/policy READMEs). */
export const DEFAULT_TIMES = {
  minIntervalMs: 10_000,
  budgetPerSec: 100,
  evaluateIntervalMs: 5_000,
  holdDownMs: 30_000,
  surpriseGapMs: 100,
  flowFlushMs: 5_000,
  refreshTargetsMs: 5_000,
  probeTimeoutMs: 1_000,
  flushMs: 200,
  refreshIntervalMs: 250,
};

export interface WorldOptions {
  /** Every duration of the defaults × this (1 = the defaults as documented; 0.1 = a probe cycle of 1 s). */
  timeScale: number;
  dir: string;
  prefix: string;
  /** SCHED_FIFO for the worker's probing thread (probe.realtimePriority); undefined = off (the default). */
  realtimePriority?: number;
}

/** One source: a resolver address. */
export interface Src {
  resolver: number;
  family: Family;
  address: string;
  prefix: string;
}

export interface World {
  tb: SeededTestbed;
  topology: Topology;
  sources: Src[];
  /** A probe cycle: how often each (source, provider) path is probed, ms. */
  cycleMs: number;
  evaluateMs: number;
  refreshMs: number;
  probeTimeoutMs: number;
  dbPath: string;
  /** Provider of a service address ("zone-default" for the zone's own record). */
  providerOf(address: string): string;
  stop(): Promise<void>;
}

/** Service address answered when a provider is chosen: .80 in its own IPv4 prefix. */
const serviceAddress = (v4: string) => v4.replace(/\.\d+$/, ".80");

export async function startWorld(topology: Topology, o: WorldOptions): Promise<World> {
  mkdirSync(o.dir, { recursive: true });
  const tb = await startTestbed(topology, { prefix: o.prefix });
  const children: ChildProcess[] = [];
  const logs: WriteStream[] = [];
  try {
    const t = scaled(o.timeScale);
    const config = writeConfig(tb, o.dir, t, o.realtimePriority);
    for (const command of ["serve", "worker"] as const) {
      const log = createWriteStream(join(o.dir, `${command}.log`));
      logs.push(log);
      children.push(await startInEdge(tb, command, config, command === "serve" ? '"msg":"serving"' : '"msg":"worker started"', log));
    }
    const byService = new Map(tb.providers.map((p) => [serviceAddress(p.v4), p.name]));
    const sources: Src[] = topology.resolvers.flatMap((r) => [
      { resolver: r.index, family: 4 as const, address: r.v4, prefix: r.prefix4 },
      { resolver: r.index, family: 6 as const, address: r.v6, prefix: r.prefix6 },
    ]);
    return {
      tb,
      topology,
      sources,
      cycleMs: t.minIntervalMs,
      evaluateMs: t.evaluateIntervalMs,
      refreshMs: t.refreshIntervalMs,
      probeTimeoutMs: t.probeTimeoutMs,
      dbPath: join(o.dir, "data", "dnsteer.sqlite"),
      providerOf: (a) => byService.get(a) ?? (a === ZONE_DEFAULT_A ? "zone-default" : a),
      async stop() {
        await Promise.all(children.map(stopChild));
        for (const l of logs) l.end();
        await tb.down();
      },
    };
  } catch (err) {
    await Promise.all(children.map(stopChild));
    await tb.down();
    throw err;
  }
}

function scaled(s: number) {
  const d = DEFAULT_TIMES;
  return {
    minIntervalMs: Math.round(d.minIntervalMs * s),
    budgetPerSec: Math.round(d.budgetPerSec / s),
    evaluateIntervalMs: Math.max(100, Math.round(d.evaluateIntervalMs * s)),
    holdDownMs: Math.round(d.holdDownMs * s),
    surpriseGapMs: Math.max(5, Math.round(d.surpriseGapMs * s)),
    flowFlushMs: Math.max(100, Math.round(d.flowFlushMs * s)),
    refreshTargetsMs: Math.max(100, Math.round(d.refreshTargetsMs * s)),
    // Not scaled: RTTs do not scale, and a shorter timeout turns a reply delayed by a busy
    // machine into a loss (seen: whole /24s failing over at 400 ms under a load average of 15).
    probeTimeoutMs: d.probeTimeoutMs,
    flushMs: Math.max(50, Math.round(d.flushMs * s)),
    refreshIntervalMs: Math.max(50, Math.round(d.refreshIntervalMs * s)),
  };
}

/**
 * The config `serve` and `worker` share. The policy section names only durations (scaled):
 * everything else is the documented default. The measure section says what may be probed (no
 * default scope exists) and scales its durations; `lowDemandStretch: 1` because every source
 * here is asked at the same rate (by this bench), so the demand ranking would only be noise.
 */
function writeConfig(tb: SeededTestbed, dir: string, t: ReturnType<typeof scaled>, realtimePriority: number | undefined): string {
  writeFileSync(
    join(dir, "example.test.zone"),
    `$ORIGIN ${ZONE}
$TTL 60
@     IN SOA ns1 hostmaster 1 7200 900 1209600 60
      IN NS  ns1
ns1   IN A   203.0.113.1
www   IN A ${ZONE_DEFAULT_A}
`,
  );
  const config = {
    listen: tb.providers.flatMap((p) => [
      { address: p.v4, port: 53 },
      { address: p.v6, port: 53 },
    ]),
    zones: [{ file: "example.test.zone", origin: ZONE }],
    dataDir: "data",
    log: { level: "info" },
    providers: tb.providers.map((p) => ({
      name: p.name,
      sourceV4: p.v4,
      sourceV6: p.v6,
      device: p.device,
      serviceA: [serviceAddress(p.v4)],
    })),
    steering: { names: [{ name: STEERED }], refreshIntervalMs: t.refreshIntervalMs, flow: { flushIntervalMs: t.flowFlushMs } },
    measure: {
      scope: { allow: ["198.18.0.0/15", "2001:db8::/32"] },
      schedule: { minIntervalMs: t.minIntervalMs, budgetPerSec: t.budgetPerSec, surpriseGapMs: t.surpriseGapMs, lowDemandStretch: 1 },
      probe: { timeoutMs: t.probeTimeoutMs, ...(realtimePriority === undefined ? {} : { realtimePriority }) },
      storage: { flushMs: t.flushMs, refreshTargetsMs: t.refreshTargetsMs },
    },
    policy: { evaluateIntervalMs: t.evaluateIntervalMs, holdDownMs: t.holdDownMs },
  };
  const path = join(dir, "dnsteer.json");
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

function startInEdge(
  tb: SeededTestbed,
  command: "serve" | "worker",
  config: string,
  readyText: string,
  log: WriteStream,
  timeoutMs = 60_000,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = tb.nsSpawn("edge", [BIN, command, "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
    let head = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`dnsteer ${command} did not log ${readyText} within ${timeoutMs} ms:\n${head}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      log.write(d);
      if (head.length < 200_000) head += d.toString();
      if (head.includes(readyText)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`dnsteer ${command} exited (${code ?? signal}):\n${head}`));
    });
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners("exit");
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
