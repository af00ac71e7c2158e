import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configSchema, defaultConfig } from "@dnsteer/config";
import { type Decision, Store } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { startThrowawayCluster, type ThrowawayCluster } from "@dnsteer/store-pg/cluster";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProbeSiteBridge } from "../src/cluster/probe-site-bridge.js";
import { startProbeSiteCluster } from "../src/cluster/probe-site-hooks.js";
import { demand, pgMissing, twoProviders } from "./cluster-fixtures.js";
import { decision } from "./store-fixtures.js";

/**
 * A probe-only site (no responder mirrors decisions into its local store) learns which sources
 * are unsettled from PostgreSQL at each bridge round, so its probing thread — which reads
 * `Store.listUnsettledSources` — probes them more; a source settled in PostgreSQL leaves the
 * list at the next round. With a responder on the host the bridge leaves the local decisions alone.
 */

const unsettled = (source: string, provider: string): Decision => ({
  ...decision(source, provider),
  state: { provider, since: 0, challenger: "p2", challengerCount: 1, settled: false },
});
const settled = (source: string, provider: string): Decision => ({
  ...decision(source, provider),
  state: { provider, since: 0, challenger: null, challengerCount: 0, settled: true },
});

describe.skipIf(pgMissing)("a probe-only site's unsettled sources", () => {
  let cluster: ThrowawayCluster;
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-cluster-unsettled-"));
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
  });
  afterAll(async () => {
    await cluster?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (name: string, mirrorUnsettled: boolean) => {
    const url = await cluster.createDatabase(name);
    const database = join(dir, `${name}.sqlite`);
    const local = Store.open(database);
    local.syncProviders(twoProviders);
    const shared = await PgBackend.open(url);
    await shared.syncProviders(twoProviders);
    await shared.reportDemand("r1", [demand("198.51.100.0", 3), demand("203.0.113.0", 2)]);
    const errors: string[] = [];
    const bridge = new ProbeSiteBridge({
      settings: { url, site: name, responder: name },
      database,
      dataDir: mkdtempSync(join(dir, `${name}-`)),
      providers: twoProviders,
      sourceMaxAgeMs: 3_600_000,
      everyMs: 3_600_000, // the test drives each round
      mirrorUnsettled,
      onError: (what: string, err: unknown) => errors.push(`${what}: ${String(err)}`),
    });
    return { local, shared, bridge, errors };
  };

  it("has the decider's unsettled sources after one round, and drops one once it settles in PostgreSQL", async () => {
    const { local, shared, bridge, errors } = await open("probeonly", true);
    await shared.writeDecisions([unsettled("198.51.100.0/24", "p1"), settled("203.0.113.0/24", "p2")], 1000);
    expect(local.listUnsettledSources()).toEqual([]);

    await bridge.sync();
    expect(errors).toEqual([]);
    expect(local.listUnsettledSources()).toEqual(["198.51.100.0/24"]);
    expect(
      local
        .listSources()
        .map((s) => s.address)
        .sort(),
    ).toEqual(["198.51.100.0", "203.0.113.0"]);
    expect(bridge.current.unsettled).toBe(1);

    // The decider settles the first and unsettles the second.
    await shared.writeDecisions([settled("198.51.100.0/24", "p1"), unsettled("203.0.113.0/24", "p2")], 2000);
    await bridge.sync();
    expect(local.listUnsettledSources()).toEqual(["203.0.113.0/24"]);

    // Settled or deleted there: none left here (the local table holds the unsettled ones only).
    await shared.writeDecisions([settled("203.0.113.0/24", "p2")], 3000);
    await bridge.sync();
    expect(local.listUnsettledSources()).toEqual([]);
    expect(local.listDecisions()).toEqual([]);
    expect(errors).toEqual([]);
    await bridge.stop();
    await shared.close();
    local.close();
  });

  it("leaves out a decision for a provider this site's config does not list", async () => {
    const { local, shared, bridge, errors } = await open("unknownprovider", true);
    await shared.syncProviders([...twoProviders, { ...twoProviders[0]!, name: "p3" }]);
    await shared.writeDecisions([unsettled("198.51.100.0/24", "p3"), unsettled("203.0.113.0/24", "p1")], 1000);
    await bridge.sync();
    expect(errors).toEqual([]);
    expect(local.listUnsettledSources()).toEqual(["203.0.113.0/24"]);
    await bridge.stop();
    await shared.close();
    local.close();
  });

  it("with a responder on the host, leaves the local decisions (the responder's mirror) alone", async () => {
    const { local, shared, bridge, errors } = await open("withresponder", false);
    local.putDecisions([settled("203.0.113.0/24", "p2")], 500);
    await shared.writeDecisions([unsettled("198.51.100.0/24", "p1")], 1000);
    await bridge.sync();
    expect(errors).toEqual([]);
    expect(local.listDecisions().map((d) => d.source)).toEqual(["203.0.113.0/24"]);
    expect(local.listUnsettledSources()).toEqual([]);
    expect(bridge.current.unsettled).toBeUndefined();
    await bridge.stop();
    await shared.close();
    local.close();
  });

  it("the worker's hooks mirror them when the config's roles have no responder, and only then", async () => {
    const url = await cluster.createDatabase("roles");
    const shared = await PgBackend.open(url);
    await shared.syncProviders(twoProviders);
    await shared.writeDecisions([unsettled("198.51.100.0/24", "p1")], 1000);
    for (const [roles, expected] of [
      [["prober"], ["198.51.100.0/24"]],
      [["prober", "decider"], ["198.51.100.0/24"]],
      [["responder", "prober"], []],
    ] as const) {
      const dataDir = mkdtempSync(join(dir, "roles-"));
      const database = join(dataDir, "local.sqlite");
      const local = Store.open(database);
      local.syncProviders(twoProviders);
      const config = configSchema.parse({
        ...defaultConfig(),
        dataDir,
        providers: twoProviders,
        roles,
        store: { kind: "postgres", url, site: "s", responder: "s" },
      });
      const site = startProbeSiteCluster(config, database, 3_600_000, pino({ level: "silent" }))!;
      await site.bridge.sync();
      expect(local.listUnsettledSources(), roles.join(",")).toEqual(expected);
      await site.stop();
      local.close();
    }
    await shared.close();
  });
});
