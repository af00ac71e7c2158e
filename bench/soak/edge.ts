import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { knotConf } from "../../fixtures/peers/knot-conf.js";
import type { Testbed } from "../../fixtures/testbed/index.js";

/**
 * What runs in the testbed's edge namespace: `dnsteer up` (responder on every provider address
 * and on the namespace's loopback, admin API, worker probing the resolvers out of each
 * provider) and Knot on the same loopback, the peer for the static load.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const ZONES = join(ROOT, "fixtures/zones");
const BIN = join(ROOT, "apps/dnsteer/bin/dnsteer");
export const STEERED_ZONE = "steer.test.";
export const STEERED_NAME = "www.steer.test.";
/** What a resolver without a decision gets: the zone's own record, no provider's. */
const ZONE_DEFAULT_A = "192.0.2.99";
/** Ports on the edge's loopback for the static load (the provider addresses' port 53 is the steered load's). */
export const DNSTEER_STATIC = { host: "127.0.0.1", port: 5301 };
export const KNOT_STATIC = { host: "127.0.0.1", port: 5302 };
/** Responder metrics in the edge; the worker's are one port above (metrics.listen + 1). */
const METRICS_PORT = 9153;

export const STATIC_ZONES = [
  { origin: "example.test.", file: join(ZONES, "example.test.zone") },
  { origin: "other.test.", file: join(ZONES, "other.test.zone") },
];

/** Service address answered when provider `p` is chosen: .80 in the provider's own prefix. */
export function serviceAddress(providerV4: string): string {
  return providerV4.replace(/\.\d+$/, ".80");
}

/** Writes the zone and config for `dnsteer up` under `dir`; returns the config's path. */
export function writeDnsteerConfig(tb: Testbed, dir: string, probeIntervalMs: number): string {
  const zone = join(dir, "steer.test.zone");
  writeFileSync(
    zone,
    `$ORIGIN ${STEERED_ZONE}\n$TTL 60\n@ IN SOA ns1 hostmaster 1 7200 900 1209600 60\n  IN NS ns1\nns1 IN A ${tb.providers[0]!.v4}\nwww IN A ${ZONE_DEFAULT_A}\n`,
  );
  const config = {
    listen: [...tb.providers.map((p) => ({ address: p.v4, port: 53 })), { address: DNSTEER_STATIC.host, port: DNSTEER_STATIC.port }],
    zones: [...STATIC_ZONES, { file: zone, origin: STEERED_ZONE }],
    dataDir: join(dir, "data"),
    nsid: "soak",
    log: { level: "info" },
    metrics: { listen: { address: "127.0.0.1", port: METRICS_PORT } },
    // `device`: the provider's link in the edge (testbed link names are the provider names), so
    // ICMP and TCP SYN probes leave by it on raw sockets with the kernel's receive timestamps.
    providers: tb.providers.map((p) => ({
      name: p.name,
      sourceV4: p.v4,
      sourceV6: p.v6,
      device: p.name,
      serviceA: [serviceAddress(p.v4)],
    })),
    steering: { names: [{ name: STEERED_NAME }], refreshIntervalMs: 250, flow: { flushIntervalMs: 1000 } },
    // ICMP echo first; TCP SYN to port 53 (the testbed's listener) for the resolvers that drop ICMP.
    measure: {
      scope: { allow: ["192.0.2.0/24"], defaultExclusions: false },
      schedule: { kinds: ["icmp", "tcp"], minIntervalMs: probeIntervalMs, budgetPerSec: 500, burst: 50 },
      probe: { timeoutMs: 1000, tcpPort: 53 },
    },
    policy: { evaluateIntervalMs: 1000, mode: "latency", minSamples: 3 },
  };
  const path = join(dir, "dnsteer.json");
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

export interface Up {
  child: ChildProcess;
  log: () => string;
}

/** `dnsteer up` in the edge; resolves once the responder, the API and the worker all said they started. */
export function startUp(tb: Testbed, config: string, dir: string, timeoutMs = 300_000): Promise<Up> {
  const child = tb.nsSpawn("edge", [BIN, "up", "--config", config], { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
  let out = "";
  const log = () => out;
  const keep = (d: Buffer) => {
    out += d;
    if (out.length > 2_000_000) out = `${out.slice(0, 100_000)}\n[...]\n${out.slice(-500_000)}`;
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const ready = ['"msg":"serving"', "admin API listening", "worker started"];
  return new Promise((ok, fail) => {
    const t0 = Date.now();
    const check = setInterval(() => {
      if (ready.every((r) => out.includes(r))) {
        clearInterval(check);
        ok({ child, log });
      } else if (child.exitCode !== null || child.signalCode !== null || Date.now() - t0 > timeoutMs) {
        clearInterval(check);
        fail(new Error(`dnsteer up did not start (${child.exitCode ?? child.signalCode ?? "timeout"}):\n${out.slice(-5000)}`));
      }
    }, 250);
  });
}

export interface ChildState {
  name: string;
  pid: number | null;
  state: string;
  restarts: number;
  lastError: string | null;
}

/** The supervisor's own account of its children (data/supervisor.json). */
export function supervisorState(dir: string): { pid: number; children: ChildState[] } | null {
  const file = join(dir, "data", "supervisor.json");
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as { pid: number; children: ChildState[] };
  } catch {
    return null; // caught mid-write: the next look reads it
  }
}

/** The responder's or the worker's /metrics, fetched inside the edge ("" when it does not answer). */
export async function scrape(tb: Testbed, of: "responder" | "worker"): Promise<string> {
  const port = of === "responder" ? METRICS_PORT : METRICS_PORT + 1;
  const r = await tb.nsExec("edge", ["curl", "-s", "--max-time", "10", `http://127.0.0.1:${port}/metrics`], { timeoutMs: 15_000 });
  return r.code === 0 ? r.stdout : "";
}

/** Knot (1 UDP, 1 TCP worker, ECS on) in the edge on its static port; resolves once each zone's SOA answers. */
export async function startKnotInEdge(tb: Testbed, dir: string): Promise<ChildProcess> {
  for (const sub of ["db", "zones"]) mkdirSync(join(dir, "knot", sub), { recursive: true });
  const conf = join(dir, "knot", "knot.conf");
  writeFileSync(
    conf,
    knotConf({
      dir: join(dir, "knot"),
      address: KNOT_STATIC.host,
      port: KNOT_STATIC.port,
      zones: STATIC_ZONES,
      udpWorkers: 1,
      tcpWorkers: 1,
      nsid: "soak",
      ecs: true,
    }),
  );
  const child = tb.nsSpawn("edge", ["knotd", "-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d));
  for (const z of STATIC_ZONES) {
    for (let tries = 0; ; tries++) {
      const r = await tb.nsExec("edge", [
        "kdig",
        `@${KNOT_STATIC.host}`,
        "-p",
        String(KNOT_STATIC.port),
        z.origin,
        "SOA",
        "+short",
        "+time=1",
        "+retry=0",
      ]);
      if (r.code === 0 && r.stdout.trim() !== "") break;
      if (tries > 40 || child.exitCode !== null) throw new Error(`knotd did not come up in the edge:\n${err}`);
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }
  return child;
}
