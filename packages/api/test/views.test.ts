import type { PathStat } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decision, type Harness, harness } from "./helpers.js";

function stat(prefix: string, provider: string, medianMs: number | null, loss: number, at: number): PathStat {
  const [address, length] = prefix.split("/");
  const us = medianMs === null ? null : medianMs * 1000;
  return {
    prefix: address!,
    prefixLength: Number(length),
    provider,
    kind: "icmp",
    ewmaRttUs: us,
    medianRttUs: us,
    lossRatio: loss,
    jitterUs: 0,
    sampleCount: 5,
    lastRttUs: us,
    window: [us, us, us, us, us],
    updatedAt: at,
  };
}

describe("dashboard views: the latency matrix and activity", () => {
  let h: Harness;
  const get = async (url: string) => (await h.call("GET", url, { token: h.reader })).json();

  beforeEach(async () => {
    h = await harness();
    const t = h.clock.now();
    h.store.upsertSources([
      {
        address: "198.51.100.7",
        prefixLength: 32,
        aggregateAddress: "198.51.100.0",
        aggregatePrefixLength: 24,
        rate: 5,
        queries: 50,
        groupCounts: {},
        firstSeen: t,
        lastSeen: t,
        ecs: false,
      },
      {
        address: "198.51.100.8",
        prefixLength: 32,
        aggregateAddress: "198.51.100.0",
        aggregatePrefixLength: 24,
        rate: 2,
        queries: 20,
        groupCounts: {},
        firstSeen: t,
        lastSeen: t,
        ecs: false,
      },
      {
        address: "203.0.113.9",
        prefixLength: 32,
        aggregateAddress: null,
        aggregatePrefixLength: null,
        rate: 1,
        queries: 10,
        groupCounts: {},
        firstSeen: t,
        lastSeen: t,
        ecs: false,
      },
    ]);
    h.store.upsertPathStats([
      stat("198.51.100.7/32", "isp-a", 30, 0, t),
      stat("198.51.100.7/32", "isp-b", 10, 0.2, t),
      stat("198.51.100.0/24", "isp-a", 20, 0, t),
      stat("198.51.100.0/24", "isp-b", 22, 0, t),
      stat("203.0.113.9/32", "isp-a", null, 1, t),
    ]);
    h.store.putDecisions(
      [decision("198.51.100.7/32", "isp-a", "source", "held"), decision("198.51.100.8/32", "isp-b", "prefix", "first")],
      t - 90_000,
    );
  });
  afterEach(async () => {
    await h.close();
  });

  it("answers one row per decided or measured prefix, cells in the providers' order", async () => {
    const page = await get("/v1/matrix");
    expect(page.providers).toEqual(["isp-a", "isp-b"]);
    expect(page.total).toBe(4);
    const bySource = Object.fromEntries(page.items.map((r: { source: string }) => [r.source, r]));
    expect(bySource["198.51.100.7/32"]).toEqual({
      source: "198.51.100.7/32",
      demand: 5,
      chosen: "isp-a",
      level: "source",
      cause: "held",
      regretMs: 20,
      marginMs: 20,
      cells: [
        { medianRttMs: 30, loss: 0, samples: 5 },
        { medianRttMs: 10, loss: 0.2, samples: 5 },
      ],
    });
    // Decided on its aggregate's data: the /24's cells.
    expect(bySource["198.51.100.8/32"]).toMatchObject({
      demand: 2,
      chosen: "isp-b",
      regretMs: 2,
      marginMs: 2,
      cells: [{ medianRttMs: 20 }, { medianRttMs: 22 }],
    });
    expect(bySource["198.51.100.0/24"]).toMatchObject({ demand: 7, chosen: null, regretMs: null, marginMs: 2 });
    expect(bySource["203.0.113.9/32"]).toMatchObject({
      chosen: null,
      marginMs: null,
      cells: [
        { medianRttMs: null, loss: 1 },
        { medianRttMs: null, loss: null, samples: 0 },
      ],
    });
  });

  it("ranks by demand, regret or margin, filters by the chosen provider and pages", async () => {
    const order = async (q: string) => (await get(`/v1/matrix?${q}`)).items.map((r: { source: string }) => r.source);
    expect(await order("sort=demand")).toEqual(["198.51.100.0/24", "198.51.100.7/32", "198.51.100.8/32", "203.0.113.9/32"]);
    expect((await order("sort=regret")).slice(0, 2)).toEqual(["198.51.100.7/32", "198.51.100.8/32"]);
    expect((await order("sort=margin")).slice(0, 2)).toEqual(["198.51.100.0/24", "198.51.100.8/32"]);
    expect(await order("chosen=isp-b")).toEqual(["198.51.100.8/32"]);
    expect(await get("/v1/matrix?limit=3&offset=0")).toMatchObject({ total: 4, nextOffset: 3, limit: 3 });
    expect(await get("/v1/matrix?limit=3&offset=3")).toMatchObject({ total: 4, nextOffset: null });
  });

  it("sees a provider added through the API at once", async () => {
    expect((await h.call("PUT", "/v1/providers/isp-c", { body: { sourceV4: "192.0.2.3" } })).statusCode).toBe(200);
    expect((await get("/v1/matrix")).providers).toEqual(["isp-a", "isp-b", "isp-c"]);
  });

  it("names a bad matrix or activity query, and needs a key", async () => {
    for (const [url, field] of [
      ["/v1/matrix?sort=speed", "query.sort"],
      ["/v1/matrix?chosen=a%20b", "query.chosen"],
      ["/v1/matrix?limit=0", "query.limit"],
      ["/v1/matrix?color=red", "query"],
      ["/v1/activity?bucketMs=10", "query.bucketMs"],
      ["/v1/activity?since=0&bucketMs=1000", "query.bucketMs"],
    ]) {
      const res = await h.call("GET", url!, { token: h.reader });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().field, url).toContain(field);
    }
    const future = await h.call("GET", `/v1/activity?since=${h.clock.now() + 1}`, { token: h.reader });
    expect(future.json()).toMatchObject({ field: "query.since" });
    expect((await h.call("GET", "/v1/matrix", { token: null })).statusCode).toBe(401);
    expect((await h.call("GET", "/v1/activity", { token: null })).statusCode).toBe(401);
  });

  it("counts probes sent and lost per provider and bucket, decisions by cause, and the shares now", async () => {
    const t = h.clock.now();
    const minute = Math.floor((t - 120_000) / 60_000) * 60_000;
    h.store.recordBatch([
      { source: "198.51.100.7", provider: "isp-a", kind: "icmp", family: 4, rttUs: 1000, at: minute + 1 },
      { source: "198.51.100.7", provider: "isp-a", kind: "icmp", family: 4, rttUs: null, at: minute + 2 },
      { source: "198.51.100.7", provider: "isp-b", kind: "icmp", family: 4, rttUs: 900, at: minute + 60_001 },
      { source: "198.51.100.7", provider: "isp-b", kind: "icmp", family: 4, rttUs: 900, at: t - 7_200_000 },
    ]);
    const a = await get("/v1/activity");
    expect(a).toMatchObject({ since: t - 3_600_000, until: t, bucketMs: 60_000 });
    expect(a.probes).toEqual([
      { at: minute, provider: "isp-a", sent: 2, lost: 1 },
      { at: minute + 60_000, provider: "isp-b", sent: 1, lost: 0 },
    ]);
    const decided = Math.floor((t - 90_000) / 60_000) * 60_000;
    expect(a.decisions).toEqual([
      { at: decided, cause: "first", count: 1 },
      { at: decided, cause: "held", count: 1 },
    ]);
    expect(a.shares).toEqual([
      { provider: "isp-a", decisions: 1, demand: 5, demandMbps: 0 },
      { provider: "isp-b", decisions: 1, demand: 2, demandMbps: 0 },
    ]);
  });
});
