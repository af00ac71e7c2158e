import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY_CONFIG, effectivePolicy, PolicyError } from "../src/index.js";

describe("effectivePolicy", () => {
  it("layers the stored settings over the base, null meaning no RTT ceiling", () => {
    const base = { mode: "latency" as const, rttCeilingMs: 200, toleranceMs: 5 };
    expect(effectivePolicy(base, null)).toEqual({ ...DEFAULT_POLICY_CONFIG, ...base });
    expect(effectivePolicy(base, { mode: "cost", rttCeilingMs: null })).toMatchObject({
      mode: "cost",
      rttCeilingMs: Infinity,
      toleranceMs: 5,
    });
    expect(effectivePolicy(base, { toleranceMs: 8 })).toMatchObject({ rttCeilingMs: 200, toleranceMs: 8 });
  });

  it("throws PolicyError when the merged policy is invalid", () => {
    expect(() => effectivePolicy({}, { maxLoss: 2 })).toThrow(PolicyError);
  });
});
