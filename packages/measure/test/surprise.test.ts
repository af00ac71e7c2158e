import { describe, expect, it } from "vitest";
import { SurpriseTracker } from "../src/surprise.js";

describe("SurpriseTracker", () => {
  const steady = (t: SurpriseTracker, us: number, n: number) => {
    for (let i = 0; i < n; i++) expect(t.observe(us + (i % 3) * 50)).toBe(false);
  };

  it("a path's usual noise never surprises; a 30 % step does, at once", () => {
    const t = new SurpriseTracker();
    steady(t, 20_000, 20);
    expect(t.observe(26_000)).toBe(true);
  });

  it("steps under 10 % of the level do not surprise a quiet path", () => {
    const t = new SurpriseTracker();
    steady(t, 20_000, 20);
    expect(t.observe(21_500)).toBe(false);
  });

  it("under heavy jitter the bar rises with the deviation", () => {
    const t = new SurpriseTracker();
    for (let i = 0; i < 40; i++) t.observe(20_000 * (1 + 0.2 * Math.sin(i * 1.7)));
    expect(t.observe(24_000)).toBe(false);
    expect(t.observe(60_000)).toBe(true);
  });

  it("a loss after a reply surprises, further losses do not; the first result lost does", () => {
    const t = new SurpriseTracker();
    steady(t, 20_000, 5);
    expect(t.observe(null)).toBe(true);
    expect(t.observe(null)).toBe(false);
    expect(new SurpriseTracker().observe(null)).toBe(true);
  });

  it("the first three replies never surprise (no level yet); an unknown RTT only ends a loss run", () => {
    const t = new SurpriseTracker();
    expect([t.observe(1000), t.observe(90_000), t.observe(5000)]).toEqual([false, false, false]);
    expect(t.observe(Number.NaN)).toBe(false);
  });
});
