import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditActions, type Harness, harness } from "./helpers.js";

describe("measurements", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    const t = h.clock.now();
    const samples = [10_000, 11_000, null, 12_000].flatMap((rtt, i) => [
      { source: "198.51.100.7", provider: "isp-a", kind: "icmp" as const, family: 4 as const, rttUs: rtt, at: t + i * 1000 },
      {
        source: "198.51.100.7",
        provider: "isp-b",
        kind: "tcp" as const,
        family: 4 as const,
        rttUs: rtt === null ? null : rtt * 2,
        at: t + i * 1000,
      },
    ]);
    const stat = (provider: string, factor: number) => ({
      prefix: "198.51.100.7",
      prefixLength: 32,
      provider,
      kind: "icmp" as const,
      ewmaRttUs: 11_000 * factor,
      medianRttUs: 11_000 * factor,
      lossRatio: 0.25,
      jitterUs: 500,
      sampleCount: 4,
      lastRttUs: 12_000 * factor,
      window: [10_000 * factor, 11_000 * factor, null, 12_000 * factor],
      updatedAt: t + 3000,
    });
    h.store.recordBatch(samples, [stat("isp-a", 1), stat("isp-b", 2)]);
  });
  afterEach(async () => {
    await h.close();
  });

  it("answers the latest aggregates per source and provider", async () => {
    const res = await h.call("GET", "/v1/measurements?source=198.51.100.7&provider=isp-b", { token: h.reader });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      total: 1,
      items: [
        {
          source: "198.51.100.7/32",
          provider: "isp-b",
          kind: "icmp",
          medianRttMs: 22,
          lastRttMs: 24,
          loss: 0.25,
          jitterMs: 0.5,
          window: 4,
          samples: 4,
        },
      ],
    });
    expect((await h.call("GET", "/v1/measurements", { token: h.reader })).json().total).toBe(2);
  });

  it("answers one source's history, newest first, paginated and bounded in time", async () => {
    const t = h.clock.now();
    const page = (await h.call("GET", "/v1/measurements/history?source=198.51.100.7&provider=isp-a&limit=3", { token: h.reader })).json();
    expect(page).toMatchObject({ total: 4, nextOffset: 3 });
    expect(page.items.map((s: { rttMs: number | null }) => s.rttMs)).toEqual([12, null, 11]);
    expect(page.items[0]).toMatchObject({ kind: "icmp", family: 4, at: t + 3000 });
    const window = (
      await h.call("GET", `/v1/measurements/history?source=198.51.100.7&since=${t + 1000}&until=${t + 2000}`, { token: h.reader })
    ).json();
    expect(window.total).toBe(2);
    const bad = await h.call("GET", `/v1/measurements/history?source=198.51.100.7&since=${t}&until=${t}`, { token: h.reader });
    expect(bad.json()).toMatchObject({ error: "bad_request", field: "query.until" });
    expect((await h.call("GET", "/v1/measurements/history", { token: h.reader })).json()).toMatchObject({ field: "query.source" });
  });

  it("queues a probe request inside measure.scope, audited", async () => {
    const res = await h.call("POST", "/v1/measurements/requests", { body: { address: "198.51.100.20", provider: "isp-a" } });
    expect(res.statusCode).toBe(202);
    const request = res.json();
    expect(request).toMatchObject({ address: "198.51.100.20", provider: "isp-a", status: "queued", requestedBy: h.admin.split("_")[1] });
    expect((await h.call("GET", `/v1/measurements/requests/${request.id}`, { token: h.reader })).json()).toEqual(request);
    expect((await h.call("GET", "/v1/measurements/requests", { token: h.reader })).json()).toMatchObject({ total: 1, items: [request] });
    expect((await h.call("GET", "/v1/measurements/requests/99", { token: h.reader })).statusCode).toBe(404);
    expect(auditActions(h)).toEqual(["probe.request 198.51.100.20 by ops"]);
  });

  it("never queues an address outside measure.scope, and stores nothing", async () => {
    const before = h.snapshot();
    for (const address of ["8.8.8.8", "127.0.0.1", "10.0.0.1", "2001:db8::1"]) {
      const res = await h.call("POST", "/v1/measurements/requests", { body: { address } });
      expect(res.statusCode, address).toBe(400);
      expect(res.json()).toMatchObject({ error: "out_of_scope", field: "body.address" });
    }
    const unknown = await h.call("POST", "/v1/measurements/requests", { body: { address: "198.51.100.20", provider: "isp-z" } });
    expect(unknown.json()).toMatchObject({ error: "bad_request", field: "body.provider" });
    const bad = await h.call("POST", "/v1/measurements/requests", { body: { address: "198.51.100.0/24" } });
    expect(bad.json()).toMatchObject({ error: "bad_request", field: "body.address" });
    expect(h.snapshot()).toBe(before);
  });

  it("with no measure section nothing may be probed", async () => {
    const bare = await (await import("./helpers.js")).harness({}, { measure: undefined });
    try {
      const res = await bare.call("POST", "/v1/measurements/requests", { body: { address: "198.51.100.20" } });
      expect(res.json()).toMatchObject({ error: "out_of_scope", message: expect.stringMatching(/no measure.scope/) });
    } finally {
      await bare.close();
    }
  });
});
