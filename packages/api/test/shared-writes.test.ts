import { join } from "node:path";
import { SqliteBackend, StorageError, type StoreBackend } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApi, LocalZones } from "../src/index.js";
import { type Harness, harness } from "./helpers.js";

/**
 * A shared store (`store.kind: "postgres"`): the changes the decider and other sites depend on
 * go there first. A second SQLite file stands in for PostgreSQL here (same StoreBackend
 * contract; apps/dnsteer's cluster-admin test runs the real one); an unreachable one is a
 * `get` that rejects as SharedStore's does.
 */
describe("changes written to the shared store first", () => {
  let h: Harness;
  let app: FastifyInstance;
  let shared: SqliteBackend;
  let reachable: boolean;
  let failWith: Error | undefined;

  beforeEach(async () => {
    h = await harness();
    shared = SqliteBackend.open(join(h.dir, "shared.sqlite"));
    await shared.syncProviders(h.config.providers);
    reachable = true;
    failWith = undefined;
    const access = {
      get: async (): Promise<StoreBackend> => {
        if (!reachable) throw new StorageError("OPEN_FAILED", "cannot reach PostgreSQL: connect ECONNREFUSED /tmp/.s.PGSQL.5432");
        if (!failWith) return shared;
        const err = failWith;
        return new Proxy(shared, { get: (t, k) => (k === "putStoredPolicy" ? () => Promise.reject(err) : Reflect.get(t, k)) });
      },
    };
    app = buildApi({ store: h.store, zones: new LocalZones(h.config.zones, h.clock), config: h.config, clock: h.clock, shared: access });
  });
  afterEach(async () => {
    await app.close();
    await shared.close();
    await h.close();
  });
  const call = (method: "POST" | "PUT" | "PATCH" | "DELETE" | "GET", url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${h.admin}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  it("drain, provider changes, the policy and steered names reach the shared store and the local file", async () => {
    expect((await call("POST", "/v1/providers/isp-b/drain")).statusCode).toBe(200);
    expect((await shared.listProviders()).map((p) => [p.name, p.drained])).toEqual([
      ["isp-a", false],
      ["isp-b", true],
    ]);
    expect(h.store.getProvider("isp-b")?.drained).toBe(true);

    // Another site changed isp-a's override since: a PATCH here adds to the shared one.
    await shared.putProviderOverride("isp-a", { commitMbps: 7 }, h.config.providers, 1);
    const patched = await call("PATCH", "/v1/providers/isp-a", { pricePerMbps: 3 });
    expect(patched.statusCode).toBe(200);
    expect((await shared.listProviderOverrides())[0]).toMatchObject({ name: "isp-a", settings: { commitMbps: 7, pricePerMbps: 3 } });
    expect((await shared.listProviders())[0]).toMatchObject({ commitMbps: 7, pricePerMbps: 3 });
    expect(h.store.admin.providerOverrides.get("isp-a")?.settings).toEqual({ commitMbps: 7, pricePerMbps: 3 });

    expect((await call("PUT", "/v1/policy", { mode: "cost" })).statusCode).toBe(200);
    expect(await shared.getStoredPolicy()).toEqual({ settings: { mode: "cost" }, updatedAt: h.clock.now() });
    expect(h.store.admin.policy.get()?.settings).toEqual({ mode: "cost" });

    expect((await call("PUT", "/v1/steered-names/api.example.test", { group: 1 })).statusCode).toBe(200);
    expect((await call("DELETE", "/v1/steered-names/www.example.test")).statusCode).toBe(200);
    expect((await shared.listSteeredNames()).map((n) => `${n.name} ${n.state} ${n.group}`)).toEqual([
      "api.example.test. added 1",
      "www.example.test. removed null",
    ]);
  });

  it("the shared store unreachable: 503 postgres_unreachable naming it, nothing changed here or there", async () => {
    reachable = false;
    const before = h.snapshot();
    for (const [method, url, body] of [
      ["POST", "/v1/providers/isp-b/drain", undefined],
      ["PATCH", "/v1/providers/isp-a", { pricePerMbps: 3 }],
      ["PUT", "/v1/providers/isp-c", { sourceV4: "192.0.2.3", serviceA: ["198.51.100.3"] }],
      ["PUT", "/v1/policy", { mode: "cost" }],
      ["PUT", "/v1/steered-names/api.example.test", {}],
    ] as const) {
      const res = await call(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(503);
      expect(res.json()).toMatchObject({
        error: "postgres_unreachable",
        message: expect.stringMatching(/PostgreSQL.*nothing was changed/),
      });
    }
    expect(h.snapshot()).toBe(before);
    expect((await shared.listProviders()).map((p) => p.drained)).toEqual([false, false]);
    expect(await shared.getStoredPolicy()).toBeUndefined();

    const explained = await call("GET", "/v1/explain?address=192.0.2.7");
    expect(explained.statusCode).toBe(503);
    expect(explained.json().error).toBe("postgres_unreachable");
  });

  it("a statement the server refuses is a fault (500, logged), not an outage; nothing changed here", async () => {
    failWith = Object.assign(new Error('relation "policy_settings" does not exist'), { code: "42P01" });
    const before = h.snapshot();
    expect((await call("PUT", "/v1/policy", { mode: "cost" })).statusCode).toBe(500);
    failWith = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    expect((await call("PUT", "/v1/policy", { mode: "cost" })).json().error).toBe("postgres_unreachable");
    failWith = new Error("Connection terminated unexpectedly");
    expect((await call("PUT", "/v1/policy", { mode: "cost" })).json().error).toBe("postgres_unreachable");
    failWith = new TypeError("cannot read properties of undefined");
    expect((await call("PUT", "/v1/policy", { mode: "cost" })).statusCode).toBe(500);
    expect(h.snapshot()).toBe(before);
  });

  it("the local file failing after the shared commit: the answer says the change is in force, 503 not_ready", async () => {
    h.store.db.pragma("query_only = ON"); // writes refused as on a read-only mount (SQLITE_READONLY)
    const res = await call("POST", "/v1/providers/isp-b/drain");
    h.store.db.pragma("query_only = OFF");
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: "not_ready", message: expect.stringMatching(/in force \(committed to PostgreSQL\)/) });
    expect((await shared.listProviders())[1]).toMatchObject({ name: "isp-b", drained: true });
    expect(h.store.getProvider("isp-b")?.drained).toBe(false);
  });

  it("explain and the decision list answer from the shared store's decisions, not the local file's", async () => {
    await shared.writeDecisions(
      [
        {
          source: "192.0.2.0/24",
          provider: "isp-b",
          level: "source",
          prefixLength: 24,
          demandMbps: 0,
          reason: { mode: "latency", cause: "first", from: null, providers: [] },
          state: { provider: "isp-b", since: 0, challenger: null, challengerCount: 0 },
        },
      ],
      1000,
    );
    const res = await call("GET", "/v1/explain?address=192.0.2.7");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ provider: "isp-b", basis: "decision", decision: { prefix: "192.0.2.0", prefixLength: 24 } });
    expect(h.store.listDecisions()).toEqual([]);
    const listed = await call("GET", "/v1/decisions?provider=isp-b");
    expect(listed.json()).toMatchObject({ total: 1, items: [{ source: "192.0.2.0/24", provider: "isp-b", cause: "first" }] });
    reachable = false;
    expect((await call("GET", "/v1/decisions")).json().error).toBe("postgres_unreachable");
  });
});
