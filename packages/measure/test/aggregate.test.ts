import type { PathStat } from "@dnsteer/storage";
import { describe, expect, it } from "vitest";
import { applySample, median, OUTAGE_RUN } from "../src/index.js";

const key = { prefix: "192.0.2.1", prefixLength: 32, provider: "a", kind: "icmp" as const };
const params = { ewmaAlpha: 0.5, window: 4 };
const fold = (values: (number | null)[]) =>
  values.reduce<PathStat | undefined>((prev, v, i) => applySample(prev, key, v, i, params), undefined)!;

describe("aggregation", () => {
  it("EWMA starts at the first reply and moves by alpha", () => {
    const s = fold([1000, 2000]);
    expect(s.ewmaRttUs).toBe(1500);
    expect(fold([1000, 2000, 3000]).ewmaRttUs).toBe(2250);
  });

  it("median over the window resists a single delayed reply", () => {
    const s = fold([1000, 1000, 1100, 90_000]);
    expect(s.medianRttUs).toBe(1050);
    expect(fold([9, 9, 9, 5, 1, 2, 3]).medianRttUs).toBe(2.5); // only the last 4 count: 5, 1, 2, 3
    expect(median([])).toBeNull();
  });

  it("loss ratio over the window; losses do not move EWMA or last RTT", () => {
    const s = fold([1000, null, null, 1000]);
    expect(s.lossRatio).toBe(0.5);
    expect(s.ewmaRttUs).toBe(1000);
    expect(s.lastRttUs).toBe(1000);
    expect(s.sampleCount).toBe(4);
    const dead = fold([1000, null, null, null, null]);
    expect(dead.lossRatio).toBe(1);
    expect(dead.medianRttUs).toBeNull();
    const back = applySample(dead, key, 2000, 9, params);
    expect(back.lossRatio).toBe(0); // a window of losses was an outage (below)
  });

  it("a reply after OUTAGE_RUN losses in a row starts the window afresh; a shorter burst stays loss", () => {
    const wide = { ewmaAlpha: 0.5, window: 15 };
    const run = (values: (number | null)[]) =>
      values.reduce<PathStat | undefined>((prev, v, i) => applySample(prev, key, v, i, wide), undefined)!;
    const burst = run([1000, 1000, ...Array<null>(OUTAGE_RUN - 1).fill(null), 3000]);
    expect(burst.window).toHaveLength(OUTAGE_RUN + 2);
    expect(burst.lossRatio).toBeCloseTo((OUTAGE_RUN - 1) / (OUTAGE_RUN + 2));
    expect(burst.ewmaRttUs).toBe(2000);
    const outage = run([1000, 1000, 1500, ...Array<null>(OUTAGE_RUN).fill(null), 3000]);
    expect(outage.window).toEqual([3000]);
    expect(outage.lossRatio).toBe(0);
    expect(outage.medianRttUs).toBe(3000);
    expect(outage.ewmaRttUs).toBe(3000);
    expect(outage.jitterUs).toBe(0);
    expect(outage.sampleCount).toBe(OUTAGE_RUN + 4);
    // Losses after an outage are counted as before: the outage is not forgotten while it lasts.
    expect(run([1000, ...Array<null>(OUTAGE_RUN + 3).fill(null)]).lossRatio).toBeCloseTo((OUTAGE_RUN + 3) / (OUTAGE_RUN + 4));
  });

  it("jitter follows RFC 3550: J += (|D| - J) / 16", () => {
    expect(fold([1000, 1160]).jitterUs).toBe(10);
    expect(fold([1000, 1160, 1000]).jitterUs).toBeCloseTo(10 + (160 - 10) / 16);
    expect(fold([1000, 1000, 1000]).jitterUs).toBe(0);
  });

  it("keeps the key and the latest time", () => {
    expect(fold([1, 2, 3])).toMatchObject({ ...key, updatedAt: 2, window: [1, 2, 3] });
  });
});
