import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PgBackend } from "@dnsteer/store-pg";
import { startThrowawayCluster, type ThrowawayCluster } from "@dnsteer/store-pg/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgMissing, twoProviders } from "./cluster-fixtures.js";
import { zoneText } from "./e2e/dnsteer.js";
import { BIN, freePort, run } from "./run.js";
import { decision } from "./store-fixtures.js";

/**
 * `dnsteer up` with `roles` on a shared PostgreSQL (a throwaway cluster), as real child
 * processes: a responder-only host answers DNS from the decisions in PostgreSQL and starts no
 * probing and no decider; a decider-only host answers no DNS but leads the election (and counts
 * it on its /metrics). `dnsteer status` on the responder host prints the decision map's
 * version and staleness, which grows while PostgreSQL is stopped (the last decisions still served).
 */

interface Host {
  name: string;
  config: string;
  dnsPort: number;
  metricsPort: number;
  child: ChildProcess;
  log: () => string;
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A port whose next two are free too: the responder's /metrics, the worker's (+1), the decider's (+2). */
async function metricsPorts(): Promise<number> {
  for (;;) {
    const port = await freeTcpPort();
    if (port > 65_000) continue;
    const taken = await Promise.all(
      [1, 2].map(
        (d) =>
          new Promise<boolean>((resolve) => {
            const s = net.createServer().once("error", () => resolve(true));
            s.listen(port + d, "127.0.0.1", () => s.close(() => resolve(false)));
          }),
      ),
    );
    if (!taken.includes(true)) return port;
  }
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, detail: () => string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}\n${detail().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(pgMissing)("dnsteer up with roles on PostgreSQL", () => {
  let cluster: ThrowawayCluster;
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-up-roles-"));
  const hosts: Host[] = [];

  async function startHost(name: string, url: string, roles: string[]): Promise<Host> {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "example.test.zone"), zoneText());
    const dnsPort = await freePort();
    const metricsPort = await metricsPorts();
    const config = join(folder, "dnsteer.json");
    writeFileSync(
      config,
      JSON.stringify({
        listen: [{ address: "127.0.0.1", port: dnsPort }],
        zones: [{ file: "example.test.zone", origin: "example.test." }],
        dataDir: "data",
        api: { port: await freeTcpPort() },
        metrics: { listen: { address: "127.0.0.1", port: metricsPort } },
        log: { level: "info" },
        server: { workers: 1 },
        providers: twoProviders.map((p) => ({ name: p.name, serviceA: p.serviceA })),
        steering: { names: [{ name: "www.example.test." }], defaultProvider: "p1", ttl: 0, refreshIntervalMs: 100 },
        // Something to probe: without `roles` a worker would start here.
        measure: { scope: { allow: ["127.0.0.0/8"] } },
        policy: { evaluateIntervalMs: 200 },
        store: { kind: "postgres", url, site: name, responder: name, queryTimeoutMs: 2000, connectTimeoutMs: 1000 },
        roles,
      }),
    );
    let log = "";
    const child = spawn(BIN, ["up", "--config", config], { stdio: ["ignore", "pipe", "pipe"], cwd: folder });
    child.stdout!.on("data", (d) => (log += d));
    child.stderr!.on("data", (d) => (log += d));
    const host = { name, config, dnsPort, metricsPort, child, log: () => log };
    hosts.push(host);
    return host;
  }

  const status = (host: Host, json = false) => run(BIN, ["status", "--config", host.config, ...(json ? ["--json"] : [])], 30_000);
  const children = async (host: Host) => {
    const r = await status(host, true);
    if (r.code !== 0) return r.stderr;
    return (JSON.parse(r.stdout).processes?.children ?? []).map((c: { name: string; state: string }) => `${c.name} ${c.state}`);
  };
  const dig = async (host: Host, from: string) =>
    (
      await run("dig", ["@127.0.0.1", "-p", String(host.dnsPort), "-b", from, "www.example.test", "A", "+short", "+time=1", "+tries=1"])
    ).stdout.trim();
  const activity = async (url: string, app: string) => {
    const pg = await PgBackend.open(url, { poolSize: 2 });
    try {
      return (
        await pg.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
          [app],
        )
      ).rows[0]!.n;
    } finally {
      await pg.close();
    }
  };

  let responderUrl = "";
  let deciderUrl = "";
  let responder: Host;
  let decider: Host;

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    responderUrl = await cluster.createDatabase("roles_responder");
    deciderUrl = await cluster.createDatabase("roles_decider");
    const shared = await PgBackend.open(responderUrl);
    await shared.syncProviders(twoProviders);
    await shared.writeDecisions([decision("127.0.0.9/32", "p2")], Date.now());
    await shared.close();
    [responder, decider] = await Promise.all([
      startHost("responder-only", responderUrl, ["responder"]),
      startHost("decider-only", deciderUrl, ["decider"]),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const h of hosts) {
      if (h.child.exitCode !== null || h.child.signalCode !== null) continue;
      const gone = new Promise((r) => h.child.once("exit", r));
      h.child.kill("SIGTERM");
      await gone;
    }
    await cluster?.remove();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("a responder-only host answers from the decisions in PostgreSQL and runs no worker and no decider", async () => {
    await until(
      "the decision from PostgreSQL served",
      () => dig(responder, "127.0.0.9"),
      (a) => a === "203.0.113.81",
      responder.log,
    );
    expect(await dig(responder, "127.0.0.10")).toBe("203.0.113.80");
    const running = await until(
      "up's children",
      () => children(responder),
      (c) => Array.isArray(c) && c.length === 3,
      responder.log,
    );
    expect(running).toEqual(["responder running", "api running", "worker not started"]);
    expect(responder.log()).toContain('worker not started: roles has no \\"prober\\"');
    // No decider here: no election session, no term ever started, the seeded decision untouched.
    expect(await activity(responderUrl, "dnsteer leader decider")).toBe(0);
    const shared = await PgBackend.open(responderUrl);
    try {
      expect((await shared.pool.query("SELECT * FROM leader_epochs")).rows).toEqual([]);
      expect((await shared.listDecisions()).map((d) => `${d.source}=${d.provider}`)).toEqual(["127.0.0.9/32=p2"]);
      expect(await shared.countSamples()).toBe(0);
    } finally {
      await shared.close();
    }
  });

  it("a decider-only host leads the election and answers no DNS", async () => {
    const running = await until(
      "up's children",
      () => children(decider),
      (c) => Array.isArray(c) && c.length === 3,
      decider.log,
    );
    expect(running).toEqual(["api running", "decider running", "worker not started"]);
    await until(
      "the decider leading",
      () => activity(deciderUrl, "dnsteer leader decider"),
      (n) => n === 1,
      decider.log,
    );
    const metrics = await until(
      "the decider's /metrics",
      async () => {
        try {
          return await (await fetch(`http://127.0.0.1:${decider.metricsPort + 2}/metrics`)).text();
        } catch {
          return "";
        }
      },
      (t) => /^dnsteer_decider_leading 1$/m.test(t),
      decider.log,
    );
    expect(metrics).toMatch(/^dnsteer_decider_term 1$/m);
    // Nothing listens for DNS here, and no responder's /metrics.
    expect(await dig(decider, "127.0.0.9")).toMatch(/timed out|no servers could be reached/);
    await expect(fetch(`http://127.0.0.1:${decider.metricsPort}/metrics`)).rejects.toThrow();
  });

  it("`dnsteer status` prints the map's version and staleness; with PostgreSQL stopped the staleness grows and the answers stay", async () => {
    const staleness = async () => {
      const r = await status(responder);
      const m = /decision map from PostgreSQL \(responder responder-only\): version (\d+), confirmed ([\d.]+) s before/.exec(r.stdout);
      return m ? { version: Number(m[1]), seconds: Number(m[2]) } : { version: -1, seconds: -1, out: r.stdout + r.stderr };
    };
    const live = await until("the status line", staleness, (s) => s.version > 0 && s.seconds < 5, responder.log);
    await cluster.stop();
    const first = await until("staleness past 2 s", staleness, (s) => s.seconds > 2, responder.log);
    const later = await until("staleness growing", staleness, (s) => s.seconds > first.seconds + 1, responder.log);
    expect(later.version).toBe(live.version);
    expect(await dig(responder, "127.0.0.9")).toBe("203.0.113.81");
    await cluster.start();
  });
});
