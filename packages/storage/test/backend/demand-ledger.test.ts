import { describe, expect, it } from "vitest";
import { DemandLedger, mergeDemand, type SourceInput } from "../../src/index.js";

const report = (rate: number, extra: Partial<SourceInput> = {}): SourceInput => ({
  address: "192.0.2.0",
  prefixLength: 24,
  aggregateAddress: null,
  aggregatePrefixLength: null,
  rate,
  queries: rate * 10,
  groupCounts: {},
  firstSeen: 100,
  lastSeen: 100,
  ecs: false,
  ...extra,
});

describe("demand merge", () => {
  it("sums rates, queries and group counts; earliest first seen, latest last seen, ECS if any, the latest report's aggregate", () => {
    const merged = mergeDemand([
      report(2, { groupCounts: { "0": 1 }, firstSeen: 50, lastSeen: 300, aggregateAddress: "192.0.0.0", aggregatePrefixLength: 16 }),
      report(3, {
        groupCounts: { "0": 2, "3": 1 },
        firstSeen: 80,
        lastSeen: 200,
        ecs: true,
        aggregateAddress: "192.0.2.0",
        aggregatePrefixLength: 20,
      }),
    ]);
    expect(merged).toMatchObject({ rate: 5, queries: 50, groupCounts: { "0": 3, "3": 1 }, firstSeen: 50, lastSeen: 300, ecs: true });
    expect([merged.aggregateAddress, merged.aggregatePrefixLength]).toEqual(["192.0.0.0", 16]);
  });

  it("keeps each responder's latest report: a new one replaces its share, spellings of one address are one source", () => {
    const ledger = new DemandLedger();
    expect(ledger.report("r1", [report(2)]).map((s) => s.rate)).toEqual([2]);
    expect(ledger.report("r2", [report(3)]).map((s) => s.rate)).toEqual([5]);
    expect(ledger.report("r1", [report(1)]).map((s) => s.rate)).toEqual([4]);
    const v6 = ledger.report("r1", [report(1, { address: "2001:DB8::", prefixLength: 56 })]);
    expect(ledger.report("r2", [report(1, { address: "2001:db8:0::", prefixLength: 56 })]).map((s) => s.rate)).toEqual([2]);
    expect(v6).toHaveLength(1);
  });

  it("forgets stale reports and returns the new merge of sources others still report", () => {
    const ledger = new DemandLedger();
    ledger.report("r1", [report(2, { lastSeen: 100 })]);
    ledger.report("r2", [report(3, { lastSeen: 500 })]);
    ledger.report("r1", [report(7, { address: "198.51.100.0", lastSeen: 100 })]);
    expect(ledger.forgetBefore(200).map((s) => [s.address, s.rate])).toEqual([["192.0.2.0", 3]]);
    expect(ledger.forgetBefore(200)).toEqual([]);
    expect(ledger.report("r1", [report(1, { address: "198.51.100.0" })]).map((s) => s.rate)).toEqual([1]);
  });
});
