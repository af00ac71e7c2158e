import type { SourceInput } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./helpers.js";

function source(address: string, prefixLength: number, rate: number, lastSeen = 1_700_000_000_000): SourceInput {
  return {
    address,
    prefixLength,
    aggregateAddress: null,
    aggregatePrefixLength: null,
    rate,
    queries: Math.round(rate * 10),
    groupCounts: {},
    firstSeen: 1_600_000_000_000,
    lastSeen,
    ecs: prefixLength < 32,
  };
}

describe("sources", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    h.store.upsertSources([
      source("198.51.100.7", 32, 50),
      source("198.51.100.8", 32, 10),
      source("203.0.113.0", 24, 30),
      source("2001:db8::53", 128, 20),
      source("192.0.2.9", 32, 5, 1_500_000_000_000),
    ]);
  });
  afterEach(async () => {
    await h.close();
  });

  const get = async (query: string) => h.call("GET", `/v1/sources?${query}`, { token: h.reader });

  it("pages through sources by demand", async () => {
    const first = (await get("limit=2")).json();
    expect(first).toMatchObject({ total: 5, offset: 0, limit: 2, nextOffset: 2 });
    expect(first.items.map((s: { source: string }) => s.source)).toEqual(["198.51.100.7/32", "203.0.113.0/24"]);
    const last = (await get("limit=2&offset=4")).json();
    expect(last).toMatchObject({ nextOffset: null, items: [{ source: "192.0.2.9/32", rate: 5 }] });
    expect((await get("seenSince=1600000000000")).json().total).toBe(4);
  });

  it("finds the sources holding an address, or inside a prefix", async () => {
    expect((await get("address=203.0.113.77")).json().items.map((s: { source: string }) => s.source)).toEqual(["203.0.113.0/24"]);
    expect((await get("prefix=198.51.100.0/24")).json()).toMatchObject({
      total: 2,
      items: [{ source: "198.51.100.7/32" }, { source: "198.51.100.8/32" }],
    });
    expect((await get("prefix=2001:db8::/32")).json().items).toEqual([expect.objectContaining({ source: "2001:db8::53/128", family: 6 })]);
    expect((await get("prefix=198.51.100.0/24&limit=1&offset=1")).json()).toMatchObject({
      total: 2,
      nextOffset: null,
      items: [{ source: "198.51.100.8/32" }],
    });
  });

  it("names the bad query field", async () => {
    const cases: [string, string][] = [
      ["prefix=198.51.100.1/24", "query.prefix"],
      ["prefix=198.51.100.0/33", "query.prefix"],
      ["address=198.51.100.256", "query.address"],
      ["address=198.51.100.1&prefix=198.51.100.0/24", "query.prefix"],
      ["limit=0", "query.limit"],
      ["offset=-1", "query.offset"],
      ["sort=rate", "query.sort"],
    ];
    for (const [query, field] of cases) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ error: "bad_request", field });
    }
  });
});
