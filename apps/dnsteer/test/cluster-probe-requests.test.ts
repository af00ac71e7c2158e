import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApi, createApiKey, LocalZones } from "@dnsteer/api";
import { configSchema, defaultConfig } from "@dnsteer/config";
import { runWorker } from "@dnsteer/measure";
import { type ProviderInput, Store } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { startThrowawayCluster, type ThrowawayCluster } from "@dnsteer/store-pg/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProbeSiteBridge } from "../src/cluster/probe-site-bridge.js";
import { SharedStore } from "../src/cluster/shared-store.js";
import { pgMissing } from "./cluster-fixtures.js";

/**
 * One operator's probe request, two probe sites on one real PostgreSQL, each hosting one of the
 * two providers (the other has no source address there): each site's bridge copies the request
 * into its local store, its real worker probes over loopback TCP through the provider it hosts,
 * the bridge sends the answer back, and the request in PostgreSQL ends with a result per provider.
 * The request is made through one site's admin API (on PostgreSQL it stores it there, not in
 * its file), which also shows the merged results.
 */

const provider = (name: string, hosted: boolean): ProviderInput => ({
  name,
  sourceV4: hosted ? "127.0.0.1" : null,
  sourceV6: null,
  serviceA: ["127.0.0.1"],
  serviceAAAA: [],
  pricePerMbps: 1,
  commitMbps: 0,
  priceAboveCommit: 1,
  capacityMbps: null,
});

describe.skipIf(pgMissing)("probe requests across probe sites", () => {
  let cluster: ThrowawayCluster;
  let listener: Server;
  let port = 0;
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-cluster-requests-"));
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    listener = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    port = (listener.address() as { port: number }).port;
  });
  afterAll(async () => {
    listener?.close();
    await cluster?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A probe site hosting one provider: its real worker (loopback TCP probes) and its bridge. */
  function startSite(url: string, site: string, hosts: string, signal: AbortSignal, errors: string[], probeRequestTimeoutMs?: number) {
    const dataDir = mkdtempSync(join(dir, `${site}-`));
    const database = join(dataDir, "local.sqlite");
    const worker = runWorker(
      {
        database,
        providers: [provider("p1", hosts === "p1"), provider("p2", hosts === "p2")],
        scope: { allow: ["127.0.0.0/8"] },
        schedule: { budgetPerSec: 10, minIntervalMs: 1000, kinds: ["tcp"] },
        probe: { timeoutMs: 500, tcpPort: port },
        storage: { flushMs: 50 },
      },
      { signal },
    );
    const bridge = new ProbeSiteBridge({
      settings: { url, site, responder: site },
      database,
      dataDir,
      providers: [provider("p1", true), provider("p2", true)], // what is written to PostgreSQL: the configs agree there
      sourceMaxAgeMs: 3_600_000,
      everyMs: 100,
      probeRequestTimeoutMs,
      onError: (what, err) => errors.push(`${site} ${what}: ${String(err)}`),
    }).start();
    return { worker, bridge, database };
  }

  async function finished(shared: PgBackend, id: number) {
    // No clock in the assertion: wait until PostgreSQL says it is finished (the test's timeout bounds it).
    let request = await shared.getProbeRequest(id);
    while (request?.status === "queued") {
      await new Promise((r) => setTimeout(r, 100));
      request = await shared.getProbeRequest(id);
    }
    return request;
  }

  it("gets a result for each provider from the site that hosts it", async () => {
    const url = await cluster.createDatabase("requests");
    const shared = await PgBackend.open(url);
    await shared.syncProviders([provider("p1", true), provider("p2", true)]);
    const ac = new AbortController();
    const errors: string[] = [];
    // No expiry within the test's time: both answers must come, however loaded the box.
    const sites = [startSite(url, "fra", "p1", ac.signal, errors, 600_000), startSite(url, "ams", "p2", ac.signal, errors, 600_000)];
    // The admin API at the first site, over the same local file as its worker.
    const apiDir = mkdtempSync(join(dir, "api-"));
    writeFileSync(
      join(apiDir, "z.zone"),
      "$ORIGIN example.test.\n$TTL 60\n@ IN SOA ns h 1 7200 900 1209600 60\n@ IN NS ns\nns IN A 192.0.2.1\n",
    );
    const config = configSchema.parse({
      ...defaultConfig(),
      zones: [{ file: join(apiDir, "z.zone"), origin: "example.test." }],
      dataDir: apiDir,
      providers: [provider("p1", true), provider("p2", false)],
      measure: { scope: { allow: ["127.0.0.0/8"] } },
      store: { kind: "postgres", url, site: "fra", responder: "fra" },
    });
    const apiStore = Store.open(sites[0]!.database);
    const apiShared = new SharedStore(url);
    const clock = { now: () => Date.now() };
    const app = buildApi({ store: apiStore, zones: new LocalZones(config.zones, clock), config, clock, shared: apiShared });
    const token = createApiKey(apiStore, "ops", "admin", clock.now()).token;
    const call = async (method: "GET" | "POST", path: string, body?: object) => {
      const res = await app.inject({
        method,
        url: path,
        headers: { authorization: `Bearer ${token}` },
        ...(body ? { payload: body } : {}),
      });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    };
    try {
      const posted = await call("POST", "/v1/measurements/requests", { address: "127.0.0.1" });
      expect(posted.status).toBe(202);
      const request = { id: posted.body.id as number };
      expect(await shared.getProbeRequest(request.id)).toMatchObject({
        address: "127.0.0.1",
        status: "queued",
        requestedBy: expect.any(String),
      });
      const done = await finished(shared, request.id);
      expect(done).toMatchObject({ status: "done", error: null });
      expect(done!.results!.map((r) => r.provider)).toEqual(["p1", "p2"]);
      for (const r of done!.results!) expect(r).toMatchObject({ kind: "tcp", probes: 3, loss: 0, error: null });
      expect(await shared.pendingProbeRequests("fra", 10)).toEqual([]);
      expect(await shared.pendingProbeRequests("ams", 10)).toEqual([]);
      expect(errors).toEqual([]);
      // The API shows PostgreSQL's merged request, in the list too.
      const shown = await call("GET", `/v1/measurements/requests/${request.id}`);
      expect(shown).toMatchObject({ status: 200, body: { id: request.id, status: "done", results: done!.results } });
      // Not in this site's file twice: only the bridge's copy, which its worker carried out.
      expect(apiStore.admin.probeRequests.page(10, 0).total).toBe(1);
      const listed = await call("GET", "/v1/measurements/requests");
      expect(listed.body).toMatchObject({ total: 1, items: [{ id: request.id, status: "done" }] });
    } finally {
      await app.close();
      await apiShared.close();
      apiStore.close();
      ac.abort();
      for (const s of sites) {
        await s.worker;
        await s.bridge.stop();
      }
      await shared.close();
    }
  }, 60_000);

  it("with the site of one provider away, expires with the other's result and says why the first has none", async () => {
    const url = await cluster.createDatabase("expiry");
    const shared = await PgBackend.open(url);
    await shared.syncProviders([provider("p1", true), provider("p2", true)]);
    const ac = new AbortController();
    const errors: string[] = [];
    const site = startSite(url, "fra", "p1", ac.signal, errors, 1500);
    try {
      const request = await shared.addProbeRequest("127.0.0.1", null, "key-1", Date.now());
      const done = await finished(shared, request.id);
      expect(done).toMatchObject({ status: "done", error: null });
      expect(done!.results![0]).toMatchObject({ provider: "p1", kind: "tcp", probes: 3, loss: 0, error: null });
      expect(done!.results![1]).toMatchObject({ provider: "p2", probes: 0, error: "fra: no IPv4 source address" });
      expect(errors).toEqual([]);
    } finally {
      ac.abort();
      await site.worker;
      await site.bridge.stop();
      await shared.close();
    }
  }, 60_000);
});
