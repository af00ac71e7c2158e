import { describe, expect, it } from "vitest";
import { type PathSummary, summarizePath } from "../src/path-summary.js";
import { around } from "./helpers.js";

const summarize = (samples: number[]): PathSummary => {
  const out: PathSummary = { count: 0, level: 0, sd: 0, df: 0, shifted: false, trending: false };
  summarizePath(samples, samples.length, new Float64Array(samples.length), out);
  return out;
};

describe("a path's current regime", () => {
  it("a quiet path: every sample, its trimmed mean, its spread (never under 0.1 ms)", () => {
    const s = summarize(around(20, 15, 0.01));
    expect(s).toMatchObject({ count: 15, shifted: false, trending: false, df: 14 });
    expect(s.level).toBeCloseTo(20, 1);
    expect(summarize(Array(15).fill(20)).sd).toBe(0.1);
  });

  it("a 30 % step three samples ago: the regime is those three, the noise still learned from all", () => {
    const s = summarize([...around(20, 12, 0.01), 26, 26.1, 25.9]);
    expect(s).toMatchObject({ count: 3, shifted: true });
    expect(s.level).toBeCloseTo(26, 1);
  });

  it("one or two delayed replies are no step", () => {
    expect(summarize([...around(20, 13, 0.01), 30, 29]).shifted).toBe(false);
  });

  it("±20 % jitter starting on a quiet path is no step, even when its samples lean one way", () => {
    // Their mean is 12 % up, but their own spread (at its 99 % bound) says it is noise.
    expect(summarize([...around(40, 11, 0.005), 47, 41.5, 46, 44]).shifted).toBe(false);
  });

  it("a path rising steadily is read at its newest value, not its average", () => {
    const rising = Array.from({ length: 15 }, (_, i) => 20 + 0.8 * i + (i % 2 ? 0.05 : -0.05));
    const s = summarize(rising);
    expect(s.trending).toBe(true);
    expect(s.level).toBeCloseTo(31.2, 0);
    expect(summarize(around(20, 15, 0.2)).trending).toBe(false);
  });
});
