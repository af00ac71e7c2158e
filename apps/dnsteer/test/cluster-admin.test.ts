import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApi, createApiKey, LocalZones } from "@dnsteer/api";
import { type Config, configSchema, defaultConfig } from "@dnsteer/config";
import { decideOnceOn } from "@dnsteer/control";
import { policyConfig } from "@dnsteer/policy";
import { type PathStat, Store } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { startThrowawayCluster, type ThrowawayCluster } from "@dnsteer/store-pg/cluster";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminMirror } from "../src/cluster/admin-mirror.js";
import { SharedStore } from "../src/cluster/shared-store.js";
import { demand, pgMissing, twoProviders } from "./cluster-fixtures.js";
import { BIN, stop, waitForLog } from "./run.js";
import { pathStat } from "./store-fixtures.js";

/**
 * The admin API of two sites on one PostgreSQL (a throwaway cluster): a drain or a policy set
 * through site A's API is in the shared database, the decider's next evaluation (which reads
 * only PostgreSQL) acts on it, site B's API shows it after its mirror's round and explains from
 * the shared decisions; PostgreSQL stopped: a change is refused with 503, nothing written.
 */

const now = Date.now();
const options = { config: policyConfig({ mode: "latency", consecutive: 1, holdDownMs: 0, minSamples: 3 }), sourceMaxAgeMs: 600_000 };

function stat(prefix: string, provider: string, rttMs: number): PathStat {
  return pathStat(prefix, provider, rttMs, 24, now);
}

interface Site {
  name: string;
  dir: string;
  config: Config;
  configFile: string;
  store: Store;
  shared: SharedStore;
  mirror: AdminMirror;
  app: FastifyInstance;
  token: string;
  call(method: "GET" | "POST" | "PUT" | "PATCH", url: string, body?: object): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** A free TCP port on loopback (for an API address nothing listens on). */
function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(pgMissing)("the admin API of two sites on one PostgreSQL", () => {
  let cluster: ThrowawayCluster;
  let url: string;
  let decider: PgBackend;
  const root = mkdtempSync(join(tmpdir(), "dnsteer-cluster-admin-"));
  const sites: Site[] = [];

  async function site(name: string): Promise<Site> {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "z.zone"),
      "$ORIGIN example.test.\n$TTL 60\n@ IN SOA ns h 1 7200 900 1209600 60\n@ IN NS ns\nns IN A 192.0.2.1\n",
    );
    const raw = {
      ...defaultConfig(),
      zones: [{ file: join(dir, "z.zone"), origin: "example.test." }],
      dataDir: join(dir, "data"),
      providers: twoProviders.map(({ name, serviceA }) => ({ name, serviceA })),
      steering: { names: [{ name: "www.example.test." }] },
      store: { kind: "postgres", url, site: name, responder: name },
      api: { address: "127.0.0.1", port: await freeTcpPort() },
    };
    const configFile = join(dir, "dnsteer.json");
    writeFileSync(configFile, JSON.stringify(raw));
    const config = configSchema.parse(raw);
    mkdirSync(config.dataDir, { recursive: true });
    const store = Store.open(join(config.dataDir, "dnsteer.sqlite"));
    store.syncProviders(config.providers);
    const shared = new SharedStore(url);
    const mirror = new AdminMirror(shared, store, () => config.providers, { failed: () => undefined }, 3_600_000);
    const clock = { now: () => Date.now() };
    const app = buildApi({ store, zones: new LocalZones(config.zones, clock), config, clock, shared });
    const token = createApiKey(store, "ops", "admin", clock.now()).token;
    const call: Site["call"] = async (method, path, body) => {
      const res = await app.inject({
        method,
        url: path,
        headers: { authorization: `Bearer ${token}` },
        ...(body ? { payload: body } : {}),
      });
      return { status: res.statusCode, body: res.json() };
    };
    const s = { name, dir, config, configFile, store, shared, mirror, app, token, call };
    sites.push(s);
    return s;
  }

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    url = await cluster.createDatabase("admin");
    // What the decider and the bridges put there: providers, two responders' demand, one probe site's aggregates.
    decider = await PgBackend.open(url, { poolSize: 2 });
    await decider.syncProviders(twoProviders.map(({ name, serviceA }) => ({ ...twoProviders[0]!, name, serviceA })));
    await decider.reportDemand("a", [demand("192.0.2.0", 5)]);
    await decider.reportDemand("b", [demand("198.51.100.0", 3)]);
    await decider.recordSamples("a", [], [stat("192.0.2.0", "p1", 10), stat("192.0.2.0", "p2", 40)]);
    await decider.recordSamples("a", [], [stat("198.51.100.0", "p1", 12), stat("198.51.100.0", "p2", 30)]);
  });
  afterAll(async () => {
    for (const s of sites) {
      await s.app.close();
      await s.mirror.stop();
      await s.shared.close();
      s.store.close();
    }
    await decider?.close();
    await cluster?.remove();
    rmSync(root, { recursive: true, force: true });
  });

  const routes = async () =>
    (await decider.listDecisions())
      .map((d) => `${d.source}=${d.provider}`)
      .sort()
      .join(" ");

  it("a drain at site A: in PostgreSQL, the decider moves off the provider, site B shows and explains it", async () => {
    const a = await site("a");
    const b = await site("b");
    await decideOnceOn(decider, options, Date.now());
    expect(await routes()).toBe("192.0.2.0/24=p1 198.51.100.0/24=p1");

    const drained = await a.call("POST", "/v1/providers/p1/drain");
    expect(drained.status).toBe(200);
    expect(drained.body).toMatchObject({ name: "p1", drained: true });
    expect((await decider.listProviders()).map((p) => [p.name, p.drained])).toEqual([
      ["p1", true],
      ["p2", false],
    ]);
    // The decider's next evaluation reads the drain from PostgreSQL and moves both sources.
    await decideOnceOn(decider, options, Date.now());
    expect(await routes()).toBe("192.0.2.0/24=p2 198.51.100.0/24=p2");

    // Site B: its API shows the drain after its mirror's round (not before: its file is local) ...
    expect((await b.call("GET", "/v1/providers/p1")).body).toMatchObject({ drained: false });
    await b.mirror.round();
    expect((await b.call("GET", "/v1/providers/p1")).body).toMatchObject({ drained: true });
    expect(b.store.getProvider("p1")?.drained).toBe(true);
    // ... and explains from the shared decisions at once (its local file has none).
    const explained = await b.call("GET", "/v1/explain?address=192.0.2.7");
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({ provider: "p2", basis: "decision", decision: { prefix: "192.0.2.0", prefixLength: 24 } });
    expect(b.store.listDecisions()).toEqual([]);
    const listed = await b.call("GET", "/v1/decisions");
    expect(listed.body).toMatchObject({ total: 2, items: [{ provider: "p2" }, { provider: "p2" }] });

    // Undrained at B: A sees it after its round, the decider may move back.
    expect((await b.call("POST", "/v1/providers/p1/undrain")).status).toBe(200);
    await a.mirror.round();
    expect(a.store.getProvider("p1")?.drained).toBe(false);
    await decideOnceOn(decider, options, Date.now());
    expect(await routes()).toBe("192.0.2.0/24=p1 198.51.100.0/24=p1");
  });

  it("a policy and a provider change set at site B are what the decider evaluates with; site A mirrors them", async () => {
    const [a, b] = sites as [Site, Site];
    // p1 costs ten times p2: in cost mode the decider prefers p2 (both paths are well within the RTT ceiling).
    const patched = await b.call("PATCH", "/v1/providers/p1", { pricePerMbps: 10 });
    expect(patched.status).toBe(200);
    expect((await decider.listProviders())[0]).toMatchObject({ name: "p1", pricePerMbps: 10 });
    const set = await b.call("PUT", "/v1/policy", { mode: "cost" });
    expect(set.status).toBe(200);
    expect(await decider.getStoredPolicy()).toMatchObject({ settings: { mode: "cost" } });

    await decideOnceOn(decider, options, Date.now());
    const [first] = await decider.listDecisions();
    expect(first).toMatchObject({ provider: "p2", reason: { mode: "cost" } });

    await a.mirror.round();
    expect((await a.call("GET", "/v1/policy")).body).toMatchObject({ stored: { mode: "cost" } });
    expect((await a.call("GET", "/v1/providers/p1")).body).toMatchObject({ pricePerMbps: 10, overridden: ["pricePerMbps"] });
  });

  const explainCommand = (configFile: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        BIN,
        ["explain", "192.0.2.7", "--json", "--config", configFile],
        { env: { ...process.env, DNSTEER_CONFIG: "", DNSTEER_API_URL: "", DNSTEER_API_KEY: "" }, timeout: 30_000 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
      ),
    );

  it("dnsteer explain (the command, API not running) explains from PostgreSQL; one that cannot reach it exits 1 in one line", async () => {
    const [a] = sites as [Site];
    const r = await explainCommand(a.configFile);
    expect(r.stderr).toContain("explained from PostgreSQL");
    expect(r.code).toBe(0);
    const shared = await decider.getDecision("192.0.2.0/24");
    expect(JSON.parse(r.stdout)).toMatchObject({ provider: shared!.provider, basis: "decision", decision: { prefix: "192.0.2.0" } });
    expect(a.store.listDecisions()).toEqual([]);

    const raw = JSON.parse(readFileSync(a.configFile, "utf8")) as { store: { url: string } };
    raw.store.url = `postgresql://dnsteer@localhost/dnsteer?host=${join(root, "no-such-socket")}`;
    const elsewhere = join(root, "unreachable.json");
    writeFileSync(elsewhere, JSON.stringify(raw));
    const down = await explainCommand(elsewhere);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^dnsteer explain: cannot reach PostgreSQL: .*no-such-socket.*$/m);
    expect(down.stderr).not.toMatch(/\n\s+at /);
  });

  it("PostgreSQL stopped: a drain is refused with 503 postgres_unreachable and nothing is written; back: it goes through", async () => {
    const [a] = sites as [Site];
    const local = () => JSON.stringify([a.store.listProviders(), a.store.admin.audit.page({ limit: 100, offset: 0 }).total]);
    const before = local();
    await cluster.stop();
    try {
      const refused = await a.call("POST", "/v1/providers/p2/drain");
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: "postgres_unreachable", message: expect.stringContaining("PostgreSQL") });
      expect((await a.call("PUT", "/v1/policy", { mode: "latency" })).status).toBe(503);
      expect(local()).toBe(before);
    } finally {
      await cluster.start();
    }
    expect((await a.call("POST", "/v1/providers/p2/drain")).status).toBe(200);
    expect((await decider.listProviders())[1]).toMatchObject({ name: "p2", drained: true });
  });

  it("dnsteer api (the process) on PostgreSQL: its drain is in PostgreSQL; another site's change shows within its mirror round; a reloaded provider list reaches PostgreSQL", async () => {
    const c = await site("c");
    const child = spawn(BIN, ["api", "--config", c.configFile], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      await waitForLog(child, "admin API listening", 20_000);
      const key = readFileSync(join(c.config.dataDir, "api.key"), "utf8").trim();
      const api = async (method: string, path: string, body?: object) => {
        const res = await fetch(`http://127.0.0.1:${c.config.api.port}${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      expect((await api("POST", "/v1/providers/p1/drain")).status).toBe(200);
      expect((await decider.listProviders())[0]).toMatchObject({ name: "p1", drained: true });

      // Set at "another site" (straight in PostgreSQL): the process's mirror brings it in (every 2 s).
      await decider.putStoredPolicy({ mode: "latency", rttCeilingMs: 250 }, Date.now());
      const deadline = Date.now() + 15_000;
      let stored: unknown;
      while (Date.now() < deadline) {
        stored = (await api("GET", "/v1/policy")).body.stored;
        if ((stored as { rttCeilingMs?: number } | null)?.rttCeilingMs === 250) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(stored).toMatchObject({ mode: "latency", rttCeilingMs: 250 });

      // A reload (SIGHUP) with a provider added to the config: written to PostgreSQL too, where the decider reads providers.
      const raw = JSON.parse(readFileSync(c.configFile, "utf8")) as { providers: object[] };
      raw.providers.push({ name: "p3", serviceA: ["203.0.113.99"] });
      writeFileSync(c.configFile, JSON.stringify(raw));
      child.kill("SIGHUP");
      await waitForLog(child, "reloaded providers written to PostgreSQL", 15_000);
      expect((await decider.listProviders()).map((p) => [p.name, p.enabled])).toEqual([
        ["p1", true],
        ["p2", true],
        ["p3", true],
      ]);
    } finally {
      await stop(child);
    }
  });
});
