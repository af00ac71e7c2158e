import { describe, expect, it } from "vitest";
import { RateTable } from "./table.js";

/** Charge `n` responses to one key at `at` ms; the limited counts returned. */
function burst(table: RateTable, key: number, n: number, at: number, rate: number, window = 15): number[] {
  return Array.from({ length: n }, () => table.charge(key, key * 7 + 1, at, rate, window));
}

describe("RateTable", () => {
  it("a burst of `rate` passes, then each response is limited, counted 1, 2, 3 ...", () => {
    const t = new RateTable(64);
    expect(burst(t, 5, 8, 1000, 5)).toEqual([0, 0, 0, 0, 0, 1, 2, 3]);
  });

  it("credit comes back at `rate` per second, capped at `rate`", () => {
    const t = new RateTable(64);
    burst(t, 5, 5, 0, 5); // balance 0
    expect(burst(t, 5, 2, 400, 5)).toEqual([0, 0]); // 0.4 s: 2 credits
    expect(burst(t, 5, 1, 400, 5)).toEqual([1]);
    expect(burst(t, 5, 7, 100_000, 5)).toEqual([0, 0, 0, 0, 0, 1, 2]); // long idle: still only `rate`
  });

  it("a source that kept going stays limited for up to the window (its debt), then is answered again", () => {
    const t = new RateTable(64);
    burst(t, 5, 5 + 1000, 0, 5, 2); // far over: debt floored at -rate x window = -10
    expect(burst(t, 5, 1, 1900, 5, 2)[0]).toBeGreaterThan(0); // 1.9 s: -10 + 9.5 < 0
    expect(burst(t, 5, 1, 4200, 5, 2)).toEqual([0]); // 2.3 s later: -10.5 + 11.5 > 0
  });

  it("keys are apart: another key has its own balance", () => {
    const t = new RateTable(64);
    burst(t, 5, 10, 0, 5);
    expect(burst(t, 6, 5, 0, 5)).toEqual([0, 0, 0, 0, 0]);
  });

  it("fixed memory: when every candidate slot is taken, the least recently used bucket is reused", () => {
    const t = new RateTable(4); // four slots, all candidates of every key
    const keys = [11, 13, 15, 17]; // fingerprints (odd: the table sets the low bit)
    keys.forEach((k, i) => t.charge(0, k, i, 1, 15)); // four buckets, one response each
    expect(t.charge(0, 11, 10, 1, 15)).toBe(1); // 11 is still there (limited at rate 1)
    expect(t.charge(0, 19, 11, 1, 15)).toBe(0); // a fifth key takes the oldest slot (13's)
    expect(t.charge(0, 13, 12, 1, 15)).toBe(0); // 13 comes back as new: its history is gone
    expect(t.charge(0, 15, 13, 1, 15)).toBe(0); // 15 was the oldest then: gone too
  });
});
