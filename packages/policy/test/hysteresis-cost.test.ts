import { describe, expect, it } from "vitest";
import type { PolicyConfig } from "../src/index.js";
import { provider, replay, type Step } from "./helpers.js";

const priced = [provider("a", { cost: { pricePerMbps: 3, commitMbps: 0 } }), provider("b", { cost: { pricePerMbps: 1, commitMbps: 0 } })];
const state = (name: string) => ({ provider: name, since: 0, challenger: null, challengerCount: 0 });
const steps = (a: number, b: number, count: number): Step[] =>
  Array.from({ length: count }, (_, i) => ({ now: (i + 1) * 1000, measurements: { a, b } }));

interface CostCase {
  name: string;
  config: Partial<PolicyConfig>;
  start: string;
  steps: Step[];
  expected: string[];
}

const hysteresis = { marginMs: 5, marginPercent: 0, consecutive: 2, holdDownMs: 0 };

const CASES: CostCase[] = [
  {
    name: "cost: a cheaper usable provider wins after N evaluations, however slow",
    config: { mode: "cost", ...hysteresis },
    start: "a",
    steps: steps(10, 80, 2),
    expected: ["a", "b"],
  },
  {
    name: "within-cost: the cheap incumbent past the tolerance by less than the margin stays",
    config: { mode: "latency-within-cost", toleranceMs: 10, tolerancePercent: 0, ...hysteresis },
    start: "b",
    steps: steps(20, 33, 3),
    expected: ["b", "b", "b"],
  },
  {
    name: "within-cost: past the tolerance by more than the margin, it moves after N",
    config: { mode: "latency-within-cost", toleranceMs: 10, tolerancePercent: 0, ...hysteresis },
    start: "b",
    steps: steps(20, 36, 2),
    expected: ["b", "a"],
  },
  {
    name: "within-cost: back within the tolerance by less than the margin, the fast incumbent stays",
    config: { mode: "latency-within-cost", toleranceMs: 10, tolerancePercent: 0, ...hysteresis },
    start: "a",
    steps: steps(20, 27, 3),
    expected: ["a", "a", "a"],
  },
  {
    name: "within-cost: back within the tolerance by more than the margin, the cheap one wins after N",
    config: { mode: "latency-within-cost", toleranceMs: 10, tolerancePercent: 0, ...hysteresis },
    start: "a",
    steps: steps(20, 24, 2),
    expected: ["a", "b"],
  },
];

describe("hysteresis in cost modes", () => {
  it.each(CASES)("$name", ({ config, start, steps: sequence, expected }) => {
    const decisions = replay(state(start), sequence, { providers: priced, config });
    expect(decisions.map((d) => d.provider)).toEqual(expected);
  });
});
