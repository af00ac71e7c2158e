import { describe, expect, it } from "vitest";
import { FlowAnalyzer, identifySourceText, SourceKey } from "../src/index.js";

const NOW = 1_800_000_000_000;

function feed(
  analyzer: FlowAnalyzer,
  events: Array<[resolver: string, group: number, count: number, ecs?: [number, number, number[]]]>,
): void {
  const key = new SourceKey();
  for (const [resolver, group, count, subnet] of events) {
    const ecs = subnet && { family: subnet[0], sourcePrefix: subnet[1], address: Uint8Array.from(subnet[2]) };
    identifySourceText(key, resolver, ecs);
    for (let i = 0; i < count; i++) analyzer.recordQuery(key, group, NOW);
  }
}

describe("FlowAnalyzer", () => {
  it("counts only steered names (group >= 0)", () => {
    const a = new FlowAnalyzer({ maxSources: 10, groups: 2, halfLifeMs: 60_000 });
    feed(a, [
      ["192.0.2.1", -1, 50],
      ["192.0.2.2", 1, 1],
    ]);
    expect(a.size).toBe(1);
    expect(a.select({ nowMs: NOW }).map((s) => s.address)).toEqual(["192.0.2.2"]);
  });

  it("ranks sources by demand and returns rows ready to insert", () => {
    const a = new FlowAnalyzer({ maxSources: 10, groups: 2, halfLifeMs: 60_000 });
    feed(a, [
      ["192.0.2.1", 0, 3],
      ["2001:db8:5::53", 1, 7],
      ["192.0.2.9", 0, 5, [1, 32, [198, 51, 100, 200]]],
      ["192.0.2.9", 1, 1, [1, 32, [198, 51, 100, 7]]],
    ]);
    const rows = a.select({ nowMs: NOW });
    expect(rows.map((r) => [r.address, r.prefixLength, r.queries])).toEqual([
      ["2001:db8:5::53", 128, 7],
      ["198.51.100.0", 24, 6],
      ["192.0.2.1", 32, 3],
    ]);
    expect(rows[1]).toEqual({
      family: 4,
      address: "198.51.100.0",
      prefixLength: 24,
      rate: (6 * Math.LN2) / 60,
      queries: 6,
      perGroup: [5, 1],
      firstSeenMs: NOW,
      lastSeenMs: NOW,
      ecs: true,
      aggregate: { address: "198.51.100.0", prefixLength: 24 },
    });
    expect(rows[0]!.aggregate).toEqual({ address: "2001:db8:5::", prefixLength: 48 });
    expect(rows[2]!.aggregate).toEqual({ address: "192.0.2.0", prefixLength: 24 });
  });

  it("applies minRate at the given time and the limit", () => {
    const a = new FlowAnalyzer({ maxSources: 10, groups: 1, halfLifeMs: 1000 });
    feed(a, [
      ["10.0.0.1", 0, 10],
      ["10.0.0.2", 0, 4],
      ["10.0.0.3", 0, 1],
    ]);
    const perQuery = Math.LN2; // one query with a 1 s half-life is worth ln 2 queries/s at once
    expect(a.select({ nowMs: NOW, minRate: 3.5 * perQuery }).map((r) => r.address)).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(a.select({ nowMs: NOW + 1000, minRate: 3.5 * perQuery }).map((r) => r.address)).toEqual(["10.0.0.1"]);
    expect(a.select({ nowMs: NOW, limit: 1 }).map((r) => r.address)).toEqual(["10.0.0.1"]);
  });

  it("rejects out-of-range limits", () => {
    expect(() => new FlowAnalyzer({ maxSources: 10, groups: 1, halfLifeMs: 1, limits: { ecsMaxPrefix4: 33 } })).toThrow(
      expect.objectContaining({ code: "BAD_OPTIONS" }),
    );
  });
});
