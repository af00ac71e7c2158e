import { describe, expect, it } from "vitest";
import type { HysteresisState } from "../src/index.js";
import { around, providers, run, sampled, source, verdictOf } from "./helpers.js";

/**
 * Issue 9, findings 1–3: a decision made on a coarser level is a guess, never defended against
 * the source's own measurements; an aggregate is a prior for sources without data; a prefix's
 * failover needs its members' evidence, not one silent member's timeouts.
 */
const minute = 60_000;
const abc = providers("a", "b", "c");
const v4 = { key: "198.18.1.0/24", prefixLength: 24 };
const clean = (ms: number) => sampled(around(ms, 15, 0.01));
/**
 * The aggregate of a /24 where one ICMP-silent member's three timeouts (before its TCP fallback)
 * were the last samples of provider a's window: control reports that as down (loss 1).
 */
const aggregateAfterSilentMember = {
  a: { ...sampled(around(40, 12, 0.3), 3 / 15), loss: 1 },
  b: sampled(around(55, 15, 0.3)),
  c: sampled(around(60, 15, 0.3)),
};

describe("a guess is never defended against the source's own data (finding 1)", () => {
  it.each(["default", "prefix"] as const)(
    "a decision made from the %s level moves at once when the source's own samples favour another provider",
    (basis) => {
      // 198.18.1.24 of the issue: A 51.4 ms, B 70.6 ms, but a coarser level had put it on B a moment ago.
      const previous: HysteresisState = { provider: "b", since: 0, challenger: null, challengerCount: 0, basis, settled: false };
      const {
        decisions: [d],
      } = run({
        providers: abc,
        now: 5000,
        config: { holdDownMs: minute, consecutive: 2 },
        sources: [
          source("198.18.1.24", undefined, { measurements: { a: clean(51.4), b: clean(70.6), c: clean(80) }, aggregate: v4, previous }),
        ],
      });
      expect(d).toMatchObject({ provider: "a", level: "source", reason: { cause: "refined", from: "b" } });
      expect(d?.state).toMatchObject({ provider: "a", since: 5000, basis: "source" });
    },
  );

  it("the first decision of a source without data is a guess from its /24, then its own data decides", () => {
    const prefixes = { "198.18.1.0/24": { a: 70, b: 50, c: 80 } };
    const first = run({ providers: abc, prefixes, now: 0, sources: [source("s", undefined, { aggregate: v4 })] }).decisions[0]!;
    expect(first).toMatchObject({ provider: "b", level: "prefix", state: { basis: "prefix", settled: false } });
    const own = { a: clean(51.4), b: clean(70.6), c: clean(80) };
    const second = run({
      providers: abc,
      prefixes,
      now: 10_000,
      sources: [source("s", undefined, { measurements: own, aggregate: v4, previous: first.state })],
    }).decisions[0]!;
    expect(second).toMatchObject({ provider: "a", level: "source", reason: { cause: "refined" } });
  });

  it("own data that lacked a provider is refined once that provider is measured", () => {
    const partial = { a: clean(30), b: sampled(around(20, 3, 0.01)), c: clean(50) };
    const first = run({ providers: abc, now: 0, sources: [source("s", undefined, { measurements: partial })] }).decisions[0]!;
    expect(first).toMatchObject({ provider: "a", state: { basis: "partial" } });
    const complete = { ...partial, b: clean(20) };
    const second = run({ providers: abc, now: 1000, sources: [source("s", undefined, { measurements: complete, previous: first.state })] })
      .decisions[0]!;
    expect(second).toMatchObject({ provider: "b", reason: { cause: "refined" }, state: { basis: "source" } });
  });
});

describe("an aggregate is a prior only (finding 2)", () => {
  it("members of one /24 with their own data each get their own best; only the member without data follows the /24", () => {
    const members = [
      source("198.18.1.10", undefined, { measurements: { a: clean(20), b: clean(40), c: clean(45) }, aggregate: v4 }),
      source("198.18.1.11", undefined, { measurements: { a: clean(40), b: clean(20), c: clean(45) }, aggregate: v4 }),
      source("198.18.1.12", undefined, { measurements: { a: clean(40), b: clean(45), c: clean(20) }, aggregate: v4 }),
      source("198.18.1.13", undefined, { aggregate: v4 }),
    ];
    const { decisions } = run({ providers: abc, prefixes: { "198.18.1.0/24": { a: 33, b: 35, c: 37 } }, sources: members });
    expect(decisions.map((d) => [d.provider, d.level])).toEqual([
      ["a", "source"],
      ["b", "source"],
      ["c", "source"],
      ["a", "prefix"],
    ]);
  });
});

describe("a prefix fails over on its members' evidence (finding 3)", () => {
  const member = (key: string, a: ReturnType<typeof clean> | "down") =>
    source(key, undefined, {
      measurements: { a: a === "down" ? { ...clean(20), loss: 1 } : a, b: clean(30), c: clean(35) },
      aggregate: v4,
    });

  it("one silent member's timeouts in the /24 aggregate move nobody: not its measured neighbours, not a member without data", () => {
    const onA: HysteresisState = { provider: "a", since: 0, challenger: null, challengerCount: 0, basis: "source" };
    const { decisions } = evaluateWithAggregate([
      { ...member("198.18.1.10", clean(20)), previous: onA },
      { ...member("198.18.1.11", clean(21)), previous: onA },
      source("198.18.1.13", undefined, { aggregate: v4, previous: { ...onA, basis: "prefix" } }),
    ]);
    expect(decisions.map((d) => d.provider)).toEqual(["a", "a", "a"]);
    expect(decisions.map((d) => d.reason.cause)).not.toContain("failover");
  });

  it("a majority of measured members down on a provider moves the members without data off it", () => {
    const onA: HysteresisState = { provider: "a", since: 0, challenger: null, challengerCount: 0, basis: "prefix" };
    // Elsewhere a still answers for most sources, so a is not down for everyone: only this /24 lost it.
    const elsewhere = Array.from({ length: 4 }, (_, i) =>
      source(`203.0.113.${i}`, undefined, { measurements: { a: clean(20), b: clean(30), c: clean(35) } }),
    );
    const { decisions } = evaluateWithAggregate([
      member("198.18.1.10", "down"),
      member("198.18.1.11", "down"),
      member("198.18.1.12", clean(20)),
      source("198.18.1.13", undefined, { aggregate: v4, previous: onA }),
      ...elsewhere,
    ]);
    expect(decisions[3]).toMatchObject({ provider: "b", reason: { cause: "failover", from: "a" } });
    expect(verdictOf(decisions[3]!, "a").kind).toBe("path-down");
    expect(decisions.slice(4).map((d) => d.provider)).toEqual(["a", "a", "a", "a"]);
  });
});

function evaluateWithAggregate(sources: Parameters<typeof run>[0]["sources"]) {
  return run({ providers: abc, sources, prefixes: { "198.18.1.0/24": aggregateAfterSilentMember } });
}
