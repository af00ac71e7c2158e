import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SampleInput, Store } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { startThrowawayCluster, type ThrowawayCluster } from "@dnsteer/store-pg/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProbeSiteBridge, readProbeSiteState } from "../src/cluster/probe-site-bridge.js";
import { demand, pgMissing, twoProviders } from "./cluster-fixtures.js";

/**
 * The probe site's bridge over a real PostgreSQL and a real local SQLite file: merged sources
 * pulled, samples shipped past a watermark, held locally while the database is down and shipped
 * when it is back, none lost and none twice; the watermark survives a restart.
 */

const providers = twoProviders;
const samples = (n: number, at: number): SampleInput[] =>
  Array.from({ length: n }, (_, i) => ({
    source: `192.0.2.${i % 250}`,
    provider: i % 2 ? "p1" : "p2",
    kind: "icmp",
    family: 4,
    rttUs: 1000 + i,
    at: at + i,
  }));

describe.skipIf(pgMissing)("the probe site's bridge to PostgreSQL", () => {
  let cluster: ThrowawayCluster;
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-cluster-probe-"));
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
  });
  afterAll(async () => {
    await cluster?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it("pulls sources, ships samples and health, and loses no sample while the database is down", async () => {
    const url = await cluster.createDatabase("probe");
    const database = join(dir, "site.sqlite");
    const local = Store.open(database);
    local.syncProviders(providers);
    const shared = await PgBackend.open(url);
    await shared.syncProviders(providers);
    await shared.reportDemand("r1", [demand("198.51.100.0", 3)]);
    await shared.reportDemand("r2", [demand("198.51.100.0", 4)]);

    local.recordBatch(samples(120, 1_000_000), []);
    local.putProviderHealth([
      { provider: "p1", healthy: false, cause: "ENETUNREACH", family: 4, detail: "no route", since: 5, updatedAt: 5 },
    ]);
    const errors: string[] = [];
    const options = {
      settings: { url, site: "fra", responder: "fra" },
      database,
      dataDir: dir,
      providers,
      sourceMaxAgeMs: 3_600_000,
      everyMs: 3_600_000, // the test drives each round
      batch: 50,
      onError: (what: string) => errors.push(what),
    };
    const bridge = new ProbeSiteBridge(options);
    await bridge.sync();
    expect(errors).toEqual([]);
    expect(local.listSources().map((s) => [s.address, s.rate])).toEqual([["198.51.100.0", 7]]);
    expect(await shared.countSamples()).toBe(120);
    expect(bridge.current.watermark).toBe(local.listSamples().at(-1)!.id);
    expect((await shared.listProviderHealth()).map((h) => [h.provider, h.healthy])).toEqual([["p1", false]]);

    // Down: the round fails, the samples stay local, the watermark does not move.
    await shared.close();
    await cluster.stop();
    local.recordBatch(samples(80, 2_000_000), []);
    const before = bridge.current.watermark;
    await bridge.sync();
    expect(errors).toContain("sources");
    expect(bridge.current.watermark).toBe(before);
    await bridge.stop();

    // Back, and a new process: it starts from the saved watermark and ships the rest once.
    await cluster.start();
    local.recordBatch(samples(30, 3_000_000), []);
    expect(readProbeSiteState(dir)?.watermark).toBe(before);
    const next = new ProbeSiteBridge(options);
    await next.sync();
    const again = await PgBackend.open(url);
    expect(await again.countSamples()).toBe(local.countSamples());
    expect(await again.countSamples()).toBe(230);
    const shipped = await again.listSamples({ site: "fra" });
    expect(new Set(shipped.map((s) => `${s.source}|${s.at}`)).size).toBe(230);
    await next.stop();
    await again.close();
    local.close();
  });
});
