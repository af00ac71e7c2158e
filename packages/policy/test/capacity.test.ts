import { describe, expect, it } from "vitest";
import type { Decision, PolicyResult, SourceInput } from "../src/index.js";
import { provider, run, type Shorthand, source, verdictOf } from "./helpers.js";

/** 15 sources of 10 Mbps each (demandRate 100 × 0.1); source i sees b at 20 + i ms, so low i regrets least. */
const fifteen = (extra: (i: number) => Shorthand = () => ({})) =>
  Array.from({ length: 15 }, (_, i) => source(`s${i}`, { a: 10, b: 20 + i, c: 100, ...extra(i) }, { demandRate: 100 }));

const loadOf = (result: PolicyResult, name: string) => result.providerLoad.find((l) => l.provider === name)!.mbps;
const on = (decisions: Decision[], name: string) => decisions.filter((d) => d.provider === name).map((d) => d.source);

describe("capacity", () => {
  it("moves the sources that lose least first, down to the capacity exactly", () => {
    const result = run({ providers: [provider("a", { capacityMbps: 100 }), provider("b"), provider("c")], sources: fifteen() });
    expect(loadOf(result, "a")).toBe(100);
    expect(on(result.decisions, "b")).toEqual(["s0", "s1", "s2", "s3", "s4"]);
    const moved = result.decisions[0]!;
    expect(moved.reason).toMatchObject({ cause: "capacity", from: "a" });
    expect(verdictOf(moved, "a").kind).toBe("over-capacity");
    expect(moved.state).toMatchObject({ provider: "b", challenger: null });
  });

  it("leaves sources without demand where they are: moving them relieves nothing", () => {
    const idle = source("idle", { a: 10, b: 10.5, c: 100 }, { demandRate: 0 });
    const result = run({ providers: [provider("a", { capacityMbps: 100 }), provider("b"), provider("c")], sources: [idle, ...fifteen()] });
    expect(result.decisions[0]).toMatchObject({ provider: "a", reason: { cause: "first" } });
    expect(loadOf(result, "a")).toBe(100);
  });

  it("never overloads a target: the overflow spills to the next provider with room", () => {
    const result = run({
      providers: [provider("a", { capacityMbps: 100 }), provider("b", { capacityMbps: 30 }), provider("c")],
      sources: fifteen(),
    });
    expect(loadOf(result, "a")).toBe(100);
    expect(loadOf(result, "b")).toBe(30);
    expect(on(result.decisions, "b")).toEqual(["s0", "s1", "s2"]);
    expect(on(result.decisions, "c")).toEqual(["s3", "s4"]);
  });

  it("never moves a source onto a drained or path-down provider, even to relieve capacity", () => {
    const result = run({
      providers: [provider("a", { capacityMbps: 100 }), provider("b"), provider("c", { drained: true })],
      // Sixteen sources elsewhere still answer on b, so b is up (not down by a majority of its paths).
      sources: fifteen(() => ({ b: "down" })).concat(Array.from({ length: 16 }, (_, i) => source(`elsewhere${i}`, { a: 50, b: 10 }))),
    });
    expect(loadOf(result, "c")).toBe(0);
    expect(on(result.decisions, "b")).toEqual(Array.from({ length: 16 }, (_, i) => `elsewhere${i}`));
    expect(loadOf(result, "a")).toBe(150);
  });

  it("prefers measured targets to unknown ones", () => {
    const sources = fifteen((i): Shorthand => (i < 10 ? { b: { rttMs: 1, loss: 0, jitterMs: 0, samples: 1, lastUpdate: 0 } } : {}));
    const result = run({ providers: [provider("a", { capacityMbps: 100 }), provider("b"), provider("c")], sources });
    expect(on(result.decisions, "b")).toEqual(["s10", "s11", "s12", "s13", "s14"]);
  });

  it("a source that just switched onto a full provider goes back first: no switch at all", () => {
    const stay = { provider: "a", since: 0, challenger: null, challengerCount: 0 };
    const sources: SourceInput[] = fifteen()
      .slice(0, 10)
      .map((s) => ({ ...s, previous: stay }));
    const previous = { provider: "b", since: 0, challenger: "a", challengerCount: 2 };
    sources.push(source("mover", { a: 10, b: 60, c: 100 }, { demandRate: 100, previous }));
    const result = run({
      providers: [provider("a", { capacityMbps: 100 }), provider("b"), provider("c")],
      sources,
      config: { consecutive: 3, holdDownMs: 0 },
      now: 1000,
    });
    const mover = result.decisions.at(-1)!;
    expect(mover.provider).toBe("b");
    expect(mover.state).toMatchObject({ provider: "b", since: 0, challenger: "a", challengerCount: 3 });
    expect(loadOf(result, "a")).toBe(100);
  });
});

describe("commit (cost modes)", () => {
  const cheapWithCommit = (aboveCommit: number) =>
    provider("a", { cost: { pricePerMbps: 1, commitMbps: 100, priceAboveCommit: aboveCommit } });
  const pricier = (name: string, price: number, commitMbps = 0, priceAboveCommit?: number) =>
    provider(name, { cost: { pricePerMbps: price, commitMbps, ...(priceAboveCommit === undefined ? {} : { priceAboveCommit }) } });

  it("loads the cheap provider to its commit and no further", () => {
    const result = run({ providers: [cheapWithCommit(5), pricier("b", 2), pricier("c", 3)], sources: fifteen(), config: { mode: "cost" } });
    expect(loadOf(result, "a")).toBe(100);
    expect(loadOf(result, "b")).toBe(50);
    expect(on(result.decisions, "b")).toEqual(["s0", "s1", "s2", "s3", "s4"]);
    expect(result.decisions[0]?.reason.cause).toBe("commit");
    expect(verdictOf(result.decisions[0]!, "a").kind).toBe("over-commit");
  });

  it("keeps traffic past the commit when that is still the cheapest", () => {
    const result = run({ providers: [cheapWithCommit(1.5), pricier("b", 2)], sources: fifteen(), config: { mode: "cost" } });
    expect(loadOf(result, "a")).toBe(150);
  });

  it("fills a second committed provider to its commit before paying list price elsewhere", () => {
    const result = run({
      providers: [cheapWithCommit(5), pricier("b", 2, 20, 10), pricier("c", 3)],
      sources: fifteen(),
      config: { mode: "cost" },
    });
    expect([loadOf(result, "a"), loadOf(result, "b"), loadOf(result, "c")]).toEqual([100, 20, 30]);
  });

  it("never spills onto a lossy path for cost", () => {
    const result = run({
      providers: [cheapWithCommit(5), pricier("b", 2)],
      config: { mode: "cost", maxLoss: 0.1 },
      sources: fifteen(() => ({ b: { rttMs: 20, loss: 0.5, jitterMs: 0, samples: 10, lastUpdate: 0 } })),
    });
    expect(loadOf(result, "a")).toBe(150);
  });

  it("latency-within-cost spills only within the source's tolerance", () => {
    const result = run({
      providers: [cheapWithCommit(5), pricier("b", 2)],
      sources: fifteen(),
      config: { mode: "latency-within-cost", toleranceMs: 10, tolerancePercent: 0 },
    });
    // b is within 10 ms of a (10 ms) only for s0 (20 ms): every other source stays on a.
    expect(on(result.decisions, "b")).toEqual(["s0"]);
    expect(loadOf(result, "a")).toBe(140);
  });
});
