import { describe, expect, it } from "vitest";
import { sortInSteps } from "../src/views/sort-steps.js";

function drain<T>(steps: Generator<void, T[]>): { result: T[]; steps: number } {
  let count = 0;
  for (;;) {
    const next = steps.next();
    if (next.done) return { result: next.value, steps: count };
    count++;
  }
}

describe("sortInSteps: a merge sort the caller can pause", () => {
  it("sorts like Array.prototype.sort, stably, for every size around the step size", () => {
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (const size of [0, 1, 2, 3, 7, 8, 9, 63, 64, 65, 1000]) {
      const rows = Array.from({ length: size }, (_, i) => ({ key: Math.floor(rnd() * 10), i }));
      const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
      const { result } = drain(sortInSteps(rows, byKey, 8));
      expect(result).toEqual(rows.slice().sort(byKey));
      // Stable: equal keys keep their order.
      for (let k = 1; k < result.length; k++)
        if (result[k]!.key === result[k - 1]!.key) expect(result[k]!.i).toBeGreaterThan(result[k - 1]!.i);
    }
  });

  it("does bounded work between pauses and leaves its input alone", () => {
    const rows = Array.from({ length: 4096 }, (_, i) => 4096 - i);
    const before = rows.slice();
    const { result, steps } = drain(sortInSteps(rows, (a, b) => a - b, 64));
    expect(result).toEqual(before.slice().reverse());
    expect(rows).toEqual(before);
    // 64 runs of 64, then 6 merge passes of 4096 elements in steps of 64: 64 + 6 * 64.
    expect(steps).toBe(64 + 6 * 64);
  });
});
