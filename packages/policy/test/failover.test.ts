import { describe, expect, it } from "vitest";
import type { ProviderSpec } from "../src/index.js";
import { provider, run, source, verdictOf } from "./helpers.js";

const abc = (changes: Record<string, Partial<ProviderSpec>> = {}) => ["a", "b", "c"].map((name) => provider(name, changes[name] ?? {}));

describe("failover and drain", () => {
  it.each([
    ["drained", { drained: true }, "drained"],
    ["disabled", { enabled: false }, "disabled"],
    ["flagged down", { down: true }, "down"],
  ] as const)("a %s provider is never chosen, even when fastest", (_, change, kind) => {
    const {
      decisions: [d],
    } = run({ providers: abc({ a: change }), sources: [source("s", { a: 5, b: 20, c: 30 })] });
    expect(d?.provider).toBe("b");
    expect(verdictOf(d!, "a").kind).toBe(kind);
  });

  it("a path that lost every probe excludes its provider for that source only", () => {
    const {
      decisions: [cut, fine],
    } = run({
      providers: abc(),
      sources: [source("cut", { a: "down", b: 20, c: 30 }), source("fine", { a: 5, b: 20, c: 30 })],
    });
    expect(cut?.provider).toBe("b");
    expect(verdictOf(cut!, "a").kind).toBe("path-down");
    expect(fine?.provider).toBe("a");
  });

  it("a provider down on every measured path is down for sources without data too", () => {
    const { decisions } = run({
      providers: abc(),
      config: { defaultProviders: ["a"] },
      sources: [source("s1", { a: "down", b: 20 }), source("s2", { a: "down", c: 20 }), source("silent", undefined)],
    });
    const silent = decisions[2]!;
    expect(silent).toMatchObject({ provider: "b", level: "default" });
    expect(verdictOf(silent, "a").kind).toBe("down");
  });

  it("a source whose every path is down falls back instead of blaming the providers", () => {
    const { decisions } = run({
      providers: abc(),
      config: { defaultProviders: ["c"] },
      sources: [source("mute", { a: "down", b: "down", c: "down" }), source("other", { a: 10, b: 20, c: 30 })],
    });
    expect(decisions[0]).toMatchObject({ provider: "c", level: "default" });
    expect(decisions[0]?.reason.cause).toBe("default");
  });

  it.each([
    ["disabled, drained, flagged down", { a: { enabled: false }, b: { drained: true }, c: { down: true } }, [], "c"],
    ["all disabled: first in the default order", { a: { enabled: false }, b: { enabled: false }, c: { enabled: false } }, ["b"], "b"],
    ["all drained: first in input order", { a: { drained: true }, b: { drained: true }, c: { drained: true } }, [], "a"],
  ] as const)("all providers out (%s): a deterministic default, and the reason says so", (_, changes, order, expected) => {
    const {
      decisions: [d],
    } = run({
      providers: abc(changes),
      config: { defaultProviders: [...order] },
      sources: [source("s", { a: 5, b: 20, c: 30 }, { previous: { provider: "a", since: 0, challenger: null, challengerCount: 0 } })],
    });
    expect(d?.provider).toBe(expected);
    expect(d?.reason.cause).toBe("all-down");
  });

  it("all paths down for the only source: it stopped answering, nothing is known of the providers, the default order answers", () => {
    const {
      decisions: [d],
    } = run({ providers: abc(), sources: [source("s", { a: "down", b: "down", c: "down" })] });
    expect(d).toMatchObject({ provider: "a", level: "default", reason: { cause: "default" } });
  });

  it("a provider whose paths are down for most sources that still answer is down for everyone (its link died)", () => {
    const { decisions } = run({
      providers: abc(),
      config: { defaultProviders: ["a"] },
      sources: [
        source("s1", { a: "down", b: 20 }),
        source("s2", { a: "down", b: 25 }),
        source("s3", { a: 10, b: 30 }),
        source("silent", undefined),
      ],
    });
    expect(decisions.map((d) => d.provider)).toEqual(["b", "b", "b", "b"]);
    expect(verdictOf(decisions[2]!, "a").kind).toBe("down");
  });
});
