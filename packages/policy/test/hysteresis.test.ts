import { describe, expect, it } from "vitest";
import type { PolicyConfig } from "../src/index.js";
import { providers, replay, type Shorthand, type Step, verdictOf } from "./helpers.js";

const SECOND = 1000;
const onA = { provider: "a", since: 0, challenger: null, challengerCount: 0 };
const base = (config: Partial<PolicyConfig>) => ({
  providers: providers("a", "b", "c"),
  config: { mode: "latency" as const, marginMs: 5, marginPercent: 0, consecutive: 3, holdDownMs: 0, ...config },
});
/** One step per entry, 10 s apart, starting at t = 10 s. */
const every10s = (...measurements: Shorthand[]): Step[] => measurements.map((m, i) => ({ now: (i + 1) * 10 * SECOND, measurements: m }));

interface HysteresisCase {
  name: string;
  config?: Partial<PolicyConfig>;
  steps: Step[];
  /** Chosen provider after each step. */
  expected: string[];
}

const better = (b: number, c = 90): Shorthand => ({ a: 50, b, c });

const CASES: HysteresisCase[] = [
  {
    name: "better by exactly the margin (ms) never switches",
    steps: every10s(...Array(5).fill(better(45))),
    expected: ["a", "a", "a", "a", "a"],
  },
  {
    name: "better by more than the margin for N-1 evaluations does not switch, N does",
    steps: every10s(better(44.9), better(44.9), better(44.9)),
    expected: ["a", "a", "b"],
  },
  {
    name: "a challenger that stops winning resets the count",
    steps: every10s(better(40), better(40), better(50), better(40), better(40), better(40)),
    expected: ["a", "a", "a", "a", "a", "b"],
  },
  {
    name: "alternating challengers reset each other's count",
    steps: every10s(better(40, 90), better(90, 40), better(40, 90), better(90, 40), better(40, 90)),
    expected: ["a", "a", "a", "a", "a"],
  },
  {
    name: "two challengers trading first place, both beating the incumbent, keep the count going",
    steps: every10s(better(30, 31), better(31, 30), better(30, 31)),
    expected: ["a", "a", "b"],
  },
  {
    name: "better by exactly the margin (%) never switches",
    config: { marginMs: 0, marginPercent: 10 },
    steps: every10s(better(45), better(45), better(45), better(45)),
    expected: ["a", "a", "a", "a"],
  },
  {
    name: "better by more than the margin (%) switches after N",
    config: { marginMs: 0, marginPercent: 10 },
    steps: every10s(better(44.9), better(44.9), better(44.9)),
    expected: ["a", "a", "b"],
  },
  {
    name: "both margins must be exceeded",
    config: { marginMs: 2, marginPercent: 20 },
    steps: every10s(better(41), better(41), better(41), better(41)),
    expected: ["a", "a", "a", "a"],
  },
  {
    name: "hold-down blocks an otherwise due switch until it ends",
    config: { holdDownMs: 60 * SECOND },
    steps: [...every10s(better(30), better(30), better(30), better(30)), { now: 60 * SECOND, measurements: better(30) }],
    expected: ["a", "a", "a", "a", "b"],
  },
  {
    name: "after a switch the hold-down restarts",
    config: { holdDownMs: 60 * SECOND, consecutive: 1 },
    steps: [
      { now: 100 * SECOND, measurements: better(30) },
      { now: 110 * SECOND, measurements: { a: 10, b: 30, c: 90 } },
      { now: 160 * SECOND, measurements: { a: 10, b: 30, c: 90 } },
    ],
    expected: ["b", "b", "a"],
  },
  {
    name: "failover ignores hysteresis and hold-down (down)",
    config: { holdDownMs: 3600 * SECOND },
    steps: every10s({ a: "down", b: 60, c: 90 }),
    expected: ["b"],
  },
  {
    name: "a recovered provider is not switched back before N evaluations",
    config: { holdDownMs: 0 },
    steps: every10s({ a: "down", b: 60, c: 90 }, { a: 20, b: 60, c: 90 }, { a: 20, b: 60, c: 90 }, { a: 20, b: 60, c: 90 }),
    expected: ["b", "b", "b", "a"],
  },
];

describe("hysteresis", () => {
  it.each(CASES)("$name", ({ config, steps, expected }) => {
    const decisions = replay(onA, steps, base(config ?? {}));
    expect(decisions.map((d) => d.provider)).toEqual(expected);
  });

  it("failover ignores hysteresis and hold-down (drained, disabled)", () => {
    for (const change of [{ drained: true }, { enabled: false }]) {
      const moved = providers("a", "b").map((p) => (p.name === "a" ? { ...p, ...change } : p));
      const [decision] = replay(
        onA,
        [{ now: SECOND, measurements: { a: 10, b: 60 }, providers: moved }],
        base({ holdDownMs: 3600 * SECOND }),
      );
      expect(decision?.provider).toBe("b");
      expect(decision?.reason.cause).toBe("failover");
      expect(decision?.reason.from).toBe("a");
      expect(decision?.state).toEqual({
        provider: "b",
        since: SECOND,
        challenger: null,
        challengerCount: 0,
        basis: "source",
        settled: true,
      });
    }
  });

  it("says how many more evaluations the challenger needs, then when the hold-down ends", () => {
    const [first, second, third] = replay(onA, every10s(better(30), better(30), better(30)), base({ holdDownMs: 100 * SECOND }));
    expect(first?.reason.cause).toBe("held");
    expect(verdictOf(first!, "b")).toMatchObject({ kind: "hysteresis", by: 2 });
    expect(verdictOf(second!, "b")).toMatchObject({ kind: "hysteresis", by: 1 });
    expect(verdictOf(third!, "b")).toMatchObject({ kind: "hold-down", by: 100 * SECOND });
    expect(third?.state).toEqual({ provider: "a", since: 0, challenger: "b", challengerCount: 3, basis: "source", settled: false });
  });

  it("names a provider that is faster only within the margin", () => {
    const [decision] = replay(onA, every10s(better(47)), base({}));
    expect(decision?.reason.cause).toBe("best");
    expect(verdictOf(decision!, "b")).toMatchObject({ kind: "within-margin", by: 3 });
    expect(decision?.state).toEqual({ ...onA, basis: "source", settled: true });
  });

  it("a switch starts a fresh state at now", () => {
    const decisions = replay(onA, every10s(better(30), better(30), better(30)), base({}));
    expect(decisions[2]?.reason).toMatchObject({ cause: "switched", from: "a" });
    expect(decisions[2]?.state).toEqual({
      provider: "b",
      since: 30 * SECOND,
      challenger: null,
      challengerCount: 0,
      basis: "source",
      settled: true,
    });
  });
});
