import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TopK } from "../src/top-k.js";

describe("TopK", () => {
  it("keeps exactly the k best (rate, queries) pairs, best first", () => {
    const pair = fc.record({ rate: fc.integer({ min: 0, max: 20 }).map((n) => n / 4), queries: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 200 }), fc.integer({ min: 0, max: 50 }), (pairs, k) => {
        const top = new TopK(k);
        pairs.forEach((p, slot) => {
          if (top.admits(p.rate)) top.offer(slot, p.rate, p.queries);
        });
        const got = top.sorted().map((slot) => pairs[slot]);
        const want = [...pairs].sort((a, b) => b.rate - a.rate || b.queries - a.queries).slice(0, k);
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
