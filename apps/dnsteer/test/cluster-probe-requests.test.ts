import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runWorker } from "@dnsteer/measure";
import type { ProviderInput } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { startThrowawayCluster, type ThrowawayCluster } from "@dnsteer/store-pg/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProbeSiteBridge } from "../src/cluster/probe-site-bridge.js";
import { pgMissing } from "./cluster-fixtures.js";

/**
 * One operator's probe request, two probe sites on one real PostgreSQL, each hosting one of the
 * two providers (the other has no source address there): each site's bridge copies the request
 * into its local store, its real worker probes over loopback TCP through the provider it hosts,
 * the bridge sends the answer back, and the request in PostgreSQL ends with a result per provider.
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

  it("gets a result for each provider from the site that hosts it", async () => {
    const url = await cluster.createDatabase("requests");
    const shared = await PgBackend.open(url);
    await shared.syncProviders([provider("p1", true), provider("p2", true)]);
    const ac = new AbortController();
    const errors: string[] = [];
    const sites = ["fra", "ams"].map((site, i) => {
      const providers = [provider("p1", i === 0), provider("p2", i === 1)];
      const dataDir = mkdtempSync(join(dir, `${site}-`));
      const database = join(dataDir, "local.sqlite");
      const worker = runWorker(
        {
          database,
          providers,
          scope: { allow: ["127.0.0.0/8"] },
          schedule: { budgetPerSec: 10, minIntervalMs: 1000, kinds: ["tcp"] },
          probe: { timeoutMs: 500, tcpPort: port },
          storage: { flushMs: 50 },
        },
        { signal: ac.signal },
      );
      const bridge = new ProbeSiteBridge({
        settings: { url, site, responder: site },
        database,
        dataDir,
        providers: [provider("p1", true), provider("p2", true)], // what is written to PostgreSQL: the configs agree there
        sourceMaxAgeMs: 3_600_000,
        everyMs: 100,
        onError: (what, err) => errors.push(`${site} ${what}: ${String(err)}`),
      }).start();
      return { worker, bridge };
    });
    try {
      const request = await shared.addProbeRequest("127.0.0.1", null, "key-1", Date.now());
      // No clock in the assertion: wait until PostgreSQL says it is finished (the test's timeout bounds it).
      let done = await shared.getProbeRequest(request.id);
      while (done?.status === "queued") {
        await new Promise((r) => setTimeout(r, 100));
        done = await shared.getProbeRequest(request.id);
      }
      expect(done).toMatchObject({ status: "done", error: null });
      expect(done!.results!.map((r) => r.provider)).toEqual(["p1", "p2"]);
      for (const r of done!.results!) expect(r).toMatchObject({ kind: "tcp", probes: 3, loss: 0, error: null });
      expect(await shared.pendingProbeRequests("fra", 10)).toEqual([]);
      expect(await shared.pendingProbeRequests("ams", 10)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      ac.abort();
      for (const s of sites) {
        await s.worker;
        await s.bridge.stop();
      }
      await shared.close();
    }
  }, 60_000);
});
