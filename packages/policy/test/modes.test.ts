import { describe, expect, it } from "vitest";
import type { PolicyConfig, ProviderSpec, VerdictKind } from "../src/index.js";
import { decideOne, path, provider, type Shorthand, source, verdictOf } from "./helpers.js";

const priced = (name: string, pricePerMbps: number, extra: Partial<ProviderSpec> = {}) =>
  provider(name, { cost: { pricePerMbps, commitMbps: 0 }, ...extra });

interface ModeCase {
  name: string;
  config: Partial<PolicyConfig>;
  providers: ProviderSpec[];
  measured: Shorthand;
  chosen: string;
  /** Expected verdicts of the losers: kind and (when given) its figure. */
  lost?: Record<string, [VerdictKind, number?]>;
}

const abc = [priced("a", 3), priced("b", 1), priced("c", 2)];

const CASES: ModeCase[] = [
  {
    name: "latency: lowest RTT",
    config: { mode: "latency" },
    providers: abc,
    measured: { a: 30, b: 20, c: 25 },
    chosen: "b",
    lost: { a: ["slower", 10], c: ["slower", 5] },
  },
  {
    name: "latency: loss multiplies RTT by 1 + lossWeight × loss",
    config: { mode: "latency" },
    providers: abc,
    measured: { a: path(20, 0.1), b: 30, c: 45 },
    chosen: "b",
    lost: { a: ["slower", 10] },
  },
  {
    name: "latency: bias in ms",
    config: { mode: "latency" },
    providers: [priced("a", 1, { biasMs: 15 }), priced("b", 1)],
    measured: { a: 20, b: 30 },
    chosen: "b",
    lost: { a: ["slower", 5] },
  },
  {
    name: "latency: bias in percent",
    config: { mode: "latency" },
    providers: [priced("a", 1, { biasPercent: 100 }), priced("b", 1)],
    measured: { a: 20, b: 30 },
    chosen: "b",
    lost: { a: ["slower", 10] },
  },
  {
    name: "latency: a lossy path loses to a slower clean one",
    config: { mode: "latency", maxLoss: 0.2 },
    providers: abc,
    measured: { a: path(5, 0.25), b: 30, c: 40 },
    chosen: "b",
    lost: { a: ["lossy"] },
  },
  {
    name: "latency: over the RTT ceiling loses to one under it",
    config: { mode: "latency", rttCeilingMs: 100 },
    providers: abc,
    measured: { a: 150, b: 90, c: 120 },
    chosen: "b",
    lost: { a: ["too-slow"], c: ["too-slow"] },
  },
  {
    name: "cost: cheapest usable",
    config: { mode: "cost" },
    providers: abc,
    measured: { a: 10, b: 50, c: 20 },
    chosen: "b",
    lost: { a: ["pricier", 2], c: ["pricier", 1] },
  },
  {
    name: "cost: cheapest is lossy, next cheapest wins",
    config: { mode: "cost", maxLoss: 0.1 },
    providers: abc,
    measured: { a: 10, b: path(50, 0.3), c: 20 },
    chosen: "c",
    lost: { b: ["lossy"], a: ["pricier", 1] },
  },
  {
    name: "cost: cheapest over the ceiling, next cheapest wins",
    config: { mode: "cost", rttCeilingMs: 40 },
    providers: abc,
    measured: { a: 10, b: 50, c: 20 },
    chosen: "c",
    lost: { b: ["too-slow"] },
  },
  {
    name: "cost: equal price goes to the faster",
    config: { mode: "cost" },
    providers: [priced("a", 1), priced("b", 1)],
    measured: { a: 30, b: 20 },
    chosen: "b",
    lost: { a: ["slower", 10] },
  },
  {
    name: "cost: committed Mbps are already paid (marginal price 0)",
    config: { mode: "cost" },
    providers: [provider("a", { cost: { pricePerMbps: 5, commitMbps: 100 } }), priced("b", 1)],
    measured: { a: 30, b: 20 },
    chosen: "a",
  },
  {
    name: "within-cost: cheaper within X ms",
    config: { mode: "latency-within-cost", toleranceMs: 10, tolerancePercent: 0 },
    providers: [priced("a", 3), priced("b", 1)],
    measured: { a: 20, b: 29 },
    chosen: "b",
    lost: { a: ["pricier", 2] },
  },
  {
    name: "within-cost: cheaper past X ms loses",
    config: { mode: "latency-within-cost", toleranceMs: 10, tolerancePercent: 0 },
    providers: [priced("a", 3), priced("b", 1)],
    measured: { a: 20, b: 31 },
    chosen: "a",
    lost: { b: ["outside-tolerance", 1] },
  },
  {
    name: "within-cost: cheaper within Y %",
    config: { mode: "latency-within-cost", toleranceMs: 0, tolerancePercent: 50 },
    providers: [priced("a", 3), priced("b", 1)],
    measured: { a: 20, b: 29 },
    chosen: "b",
  },
  {
    name: "within-cost: cheaper past Y % loses",
    config: { mode: "latency-within-cost", toleranceMs: 0, tolerancePercent: 50 },
    providers: [priced("a", 3), priced("b", 1)],
    measured: { a: 20, b: 31 },
    chosen: "a",
    lost: { b: ["outside-tolerance", 1] },
  },
  {
    name: "within-cost: X ms or Y %, whichever is wider",
    config: { mode: "latency-within-cost", toleranceMs: 5, tolerancePercent: 50 },
    providers: [priced("a", 3), priced("b", 1)],
    measured: { a: 20, b: 29 },
    chosen: "b",
  },
  {
    name: "within-cost: cheapest of several within tolerance",
    config: { mode: "latency-within-cost", toleranceMs: 10 },
    providers: abc,
    measured: { a: 20, b: 28, c: 25 },
    chosen: "b",
    lost: { a: ["pricier", 2], c: ["pricier", 1] },
  },
];

describe("modes", () => {
  it.each(CASES)("$name", ({ config, providers, measured, chosen, lost }) => {
    const decision = decideOne({ providers, config, sources: [source("s", measured)] });
    expect(decision.provider).toBe(chosen);
    expect(decision.reason.cause).toBe("first");
    expect(decision.reason.mode).toBe(config.mode);
    expect(verdictOf(decision, chosen).kind).toBe("chosen");
    for (const [name, [kind, by]] of Object.entries(lost ?? {})) {
      const verdict = verdictOf(decision, name);
      expect(verdict.kind, name).toBe(kind);
      if (by !== undefined) expect(verdict.by, name).toBeCloseTo(by, 6);
    }
  });
});
