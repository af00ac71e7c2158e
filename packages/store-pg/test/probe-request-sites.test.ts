import type { ProbeRequestResult } from "@dnsteer/storage";
import type { PgBackend } from "@dnsteer/store-pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { postgresKind, provider } from "./fixtures.js";

/**
 * Probe requests across probe sites on a real PostgreSQL (step 013): each site pulls the queued
 * requests it has not answered, answers with the providers it hosts, and the request finishes
 * once every enabled provider was probed from some site — or when it expires.
 */
const pg = postgresKind();
const probed = (p: string, rttMs: number): ProbeRequestResult => ({ provider: p, kind: "icmp", probes: 3, rttMs, loss: 0, error: null });
const notHere = (p: string): ProbeRequestResult => ({
  provider: p,
  kind: "icmp",
  probes: 0,
  rttMs: null,
  loss: 0,
  error: "no IPv4 source address",
});

describe("probe requests across probe sites (PostgreSQL)", () => {
  let store: PgBackend;
  beforeAll(() => pg.setup());
  afterAll(() => pg.stop());
  afterEach(async () => {
    await store?.close();
  });
  const open = async () => {
    store = (await pg.open()) as PgBackend;
    await store.syncProviders([provider("p1"), provider("p2")]);
    return store;
  };

  it("waits for a site per provider, merges their results, and leaves no pending request behind", async () => {
    await open();
    const r = await store.addProbeRequest("192.0.2.7", null, "key1", 1000);
    expect(r).toMatchObject({ address: "192.0.2.7", status: "queued", results: null });
    expect((await store.pendingProbeRequests("fra", 10)).map((x) => x.id)).toEqual([r.id]);

    await store.answerProbeRequest("fra", r.id, { results: [probed("p1", 12), notHere("p2")], error: null }, 2000, 30_000);
    expect(await store.pendingProbeRequests("fra", 10)).toEqual([]);
    expect((await store.pendingProbeRequests("ams", 10)).map((x) => x.id)).toEqual([r.id]);
    expect((await store.getProbeRequest(r.id))!.status).toBe("queued");

    await store.answerProbeRequest("ams", r.id, { results: [notHere("p1"), probed("p2", 30)], error: null }, 3000, 30_000);
    const done = await store.getProbeRequest(r.id);
    expect(done).toMatchObject({ status: "done", error: null, finishedAt: 3000, results: [probed("p1", 12), probed("p2", 30)] });
    expect(await store.pendingProbeRequests("ams", 10)).toEqual([]);
    expect((await store.pageProbeRequests(10, 0)).total).toBe(1);
  });

  it("a request for one provider is done with the first site that probed through it", async () => {
    await open();
    const r = await store.addProbeRequest("192.0.2.8", "p2", "key1", 1000);
    await store.answerProbeRequest("ams", r.id, { results: [probed("p2", 9)], error: null }, 1500, 30_000);
    expect(await store.getProbeRequest(r.id)).toMatchObject({ status: "done", results: [probed("p2", 9)] });
  });

  it("expires: done with what came when a provider got no probe, failed when none did", async () => {
    await open();
    const partial = await store.addProbeRequest("192.0.2.9", null, "key1", 1000);
    const nothing = await store.addProbeRequest("192.0.2.10", null, "key1", 1000);
    await store.answerProbeRequest("fra", partial.id, { results: [probed("p1", 5), notHere("p2")], error: null }, 2000, 30_000);
    await store.answerProbeRequest(
      "fra",
      nothing.id,
      { results: [], error: "192.0.2.10 is denied for this worker's measure.scope" },
      2000,
      30_000,
    );
    expect(await store.expireProbeRequests(20_000, 30_000)).toBe(0);
    expect(await store.expireProbeRequests(31_000, 30_000)).toBe(2);
    expect(await store.getProbeRequest(partial.id)).toMatchObject({
      status: "done",
      results: [probed("p1", 5), { ...notHere("p2"), error: "fra: no IPv4 source address" }],
    });
    const failed = await store.getProbeRequest(nothing.id);
    expect(failed!.status).toBe("failed");
    expect(failed!.error).toContain("no probe site could probe through p1, p2");
    expect(failed!.error).toContain("fra: 192.0.2.10 is denied");
    expect(await store.pendingProbeRequests("ams", 10)).toEqual([]);
  });
});
