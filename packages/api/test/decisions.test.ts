import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decision, type Harness, harness } from "./helpers.js";

describe("decisions and explain", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    const t = h.clock.now();
    h.store.putDecisions(
      [
        decision("198.51.100.7/32", "isp-a", "source", "first"),
        decision("198.51.100.8/32", "isp-b", "source", "failover", "isp-a"),
        decision("203.0.113.0/24", "isp-a", "prefix", "best"),
        decision("2001:db8::53/128", "isp-b", "default", "default"),
      ],
      t,
    );
  });
  afterEach(async () => {
    await h.close();
  });

  const list = async (query: string) => (await h.call("GET", `/v1/decisions?${query}`, { token: h.reader })).json();

  it("pages through decisions filtered by provider, level and cause", async () => {
    expect(await list("limit=3")).toMatchObject({ total: 4, nextOffset: 3 });
    expect((await list("provider=isp-a")).items.map((d: { source: string }) => d.source)).toEqual(["198.51.100.7/32", "203.0.113.0/24"]);
    expect((await list("level=prefix")).items).toEqual([
      { source: "203.0.113.0/24", provider: "isp-a", level: "prefix", cause: "best", from: null, decidedAt: h.clock.now() },
    ]);
    expect((await list("cause=failover&provider=isp-b")).items).toEqual([
      expect.objectContaining({ source: "198.51.100.8/32", from: "isp-a" }),
    ]);
    expect((await list("cause=failover&provider=isp-a")).total).toBe(0);
  });

  it("names a bad filter", async () => {
    for (const [query, field] of [
      ["level=galaxy", "query.level"],
      ["cause=whim", "query.cause"],
      ["provider=a%20b", "query.provider"],
      ["limit=5000", "query.limit"],
    ]) {
      const res = await h.call("GET", `/v1/decisions?${query}`, { token: h.reader });
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ field });
    }
  });

  it("explains an address, and an ECS subnet, from the decisions", async () => {
    const byAddress = (await h.call("GET", "/v1/explain?address=203.0.113.9", { token: h.reader })).json();
    expect(byAddress).toMatchObject({
      source: "203.0.113.9/32",
      provider: "isp-a",
      basis: "decision",
      decision: { prefix: "203.0.113.0", prefixLength: 24 },
      answer: { a: ["198.51.100.1"] },
    });
    const byEcs = (await h.call("GET", "/v1/explain?address=192.0.2.1&ecs=198.51.100.8/32", { token: h.reader })).json();
    expect(byEcs).toMatchObject({ provider: "isp-b", decision: { cause: "failover" } });
    const none = (await h.call("GET", "/v1/explain?address=192.0.2.1", { token: h.reader })).json();
    expect(none).toMatchObject({ basis: "zone", provider: null });
    const bad = await h.call("GET", "/v1/explain?address=192.0.2.1&ecs=198.51.100.0/40", { token: h.reader });
    expect(bad.json()).toMatchObject({ error: "bad_request", field: "query.ecs" });
  });
});
