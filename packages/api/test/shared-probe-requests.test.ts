import { join } from "node:path";
import { SqliteBackend, StorageError, type StoreBackend } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApi, LocalZones } from "../src/index.js";
import { type Harness, harness } from "./helpers.js";

/**
 * Probe requests with a shared store (`store.kind: "postgres"`): stored there only (every probe
 * site carries them out), read back from there; unreachable: 503, nothing stored anywhere. A
 * second SQLite file stands in for PostgreSQL (apps/dnsteer's cluster-probe-requests test runs the real one).
 */
describe("probe requests with a shared store", () => {
  let h: Harness;
  let app: FastifyInstance;
  let shared: SqliteBackend;
  let reachable: boolean;

  beforeEach(async () => {
    h = await harness();
    shared = SqliteBackend.open(join(h.dir, "shared.sqlite"));
    reachable = true;
    const access = {
      get: async (): Promise<StoreBackend> => {
        if (!reachable) throw new StorageError("OPEN_FAILED", "cannot reach PostgreSQL: connect ECONNREFUSED /tmp/.s.PGSQL.5432");
        return shared;
      },
    };
    app = buildApi({ store: h.store, zones: new LocalZones(h.config.zones, h.clock), config: h.config, clock: h.clock, shared: access });
  });
  afterEach(async () => {
    await app.close();
    await shared.close();
    await h.close();
  });
  const call = (method: "POST" | "GET", url: string, body?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${h.admin}` }, ...(body ? { payload: body } : {}) });

  it("stores the request in the shared store, not this site's file, and shows the shared rows", async () => {
    const address = "198.51.100.7";
    // Two older rows in this file (ids 1 and 2): the API shows the shared store's, not these.
    h.store.admin.probeRequests.add(address, null, "old", 1);
    h.store.admin.probeRequests.add(address, null, "old", 2);
    const posted = await call("POST", "/v1/measurements/requests", { address });
    expect(posted.statusCode).toBe(202);
    const id = posted.json().id as number;
    expect(id).toBe(1);
    expect(await shared.getProbeRequest(id)).toMatchObject({ address, status: "queued", requestedBy: expect.any(String) });
    expect(h.store.admin.probeRequests.page(10, 0).total).toBe(2);
    expect(h.store.admin.audit.page({ action: "probe.request", limit: 10, offset: 0 }).total).toBe(1);

    expect((await call("GET", `/v1/measurements/requests/${id}`)).json()).toMatchObject({
      id,
      status: "queued",
      requestedBy: expect.any(String),
    });
    expect((await call("GET", "/v1/measurements/requests/2")).statusCode).toBe(404);
    expect((await call("GET", "/v1/measurements/requests")).json()).toMatchObject({ total: 1, items: [{ id }] });
  });

  it("refuses with 503 postgres_unreachable when the shared store cannot be reached, storing nothing", async () => {
    reachable = false;
    const posted = await call("POST", "/v1/measurements/requests", { address: "198.51.100.7" });
    expect(posted.statusCode).toBe(503);
    expect(posted.json()).toMatchObject({ error: "postgres_unreachable" });
    expect(h.store.admin.probeRequests.page(10, 0).total).toBe(0);
    reachable = true;
    expect((await shared.pageProbeRequests(10, 0)).total).toBe(0);
    reachable = false;
    expect((await call("GET", "/v1/measurements/requests/1")).statusCode).toBe(503);
  });
});
