import { describe, expect, it } from "vitest";
import { path, provider, providers, run, source, verdictOf } from "./helpers.js";

const onA = { provider: "a", since: 0, challenger: null, challengerCount: 0 };

describe("unknown versus measured", () => {
  it("a provider with fewer than minSamples samples is unknown and loses to a measured one", () => {
    const {
      decisions: [d],
    } = run({
      providers: providers("a", "b"),
      config: { minSamples: 5 },
      sources: [source("s", { a: path(5, 0, 4), b: 40 })],
    });
    expect(d?.provider).toBe("b");
    expect(verdictOf(d!, "a")).toMatchObject({ kind: "unknown", samples: 4, effectiveMs: null });
  });

  it("a source with only untrusted paths uses its prefix", () => {
    const {
      decisions: [d],
    } = run({
      providers: providers("a", "b"),
      config: { minSamples: 5 },
      prefixes: { "192.0.2.0/24": { a: 40, b: 20 } },
      sources: [source("192.0.2.7", { a: path(5, 0, 2) }, { aggregate: { key: "192.0.2.0/24", prefixLength: 24 } })],
    });
    expect(d).toMatchObject({ provider: "b", level: "prefix", prefixLength: 24 });
  });
});

describe("fallback chain", () => {
  const prefixes = { "192.0.2.0/24": { a: 40, b: 20 }, "2001:db8::/48": { a: 10, b: 20 } };
  const v4 = { key: "192.0.2.0/24", prefixLength: 24 };
  const v6 = { key: "2001:db8::/48", prefixLength: 48 };

  it.each([
    {
      name: "own measurements win over the prefix",
      measured: { a: 10, b: 30 },
      aggregate: v4,
      prefixLength: 32,
      expected: { provider: "a", level: "source", prefixLength: 32 },
    },
    {
      name: "IPv4 source without data: its /24",
      measured: undefined,
      aggregate: v4,
      prefixLength: 32,
      expected: { provider: "b", level: "prefix", prefixLength: 24 },
    },
    {
      name: "IPv6 ECS /56 without data: its /48",
      measured: undefined,
      aggregate: v6,
      prefixLength: 56,
      expected: { provider: "a", level: "prefix", prefixLength: 48 },
    },
    {
      name: "aggregate without data: the default, scoped to the source",
      measured: undefined,
      aggregate: { key: "198.51.100.0/24", prefixLength: 24 },
      prefixLength: 24,
      expected: { provider: "c", level: "default", prefixLength: 24 },
    },
    {
      name: "no aggregate at all: the default",
      measured: undefined,
      aggregate: undefined,
      prefixLength: 32,
      expected: { provider: "c", level: "default", prefixLength: 32 },
    },
  ])("$name", ({ measured, aggregate, prefixLength, expected }) => {
    const {
      decisions: [d],
    } = run({
      providers: providers("a", "b", "c"),
      config: { defaultProviders: ["c", "a"] },
      prefixes,
      sources: [source("s", measured, { prefixLength, ...(aggregate === undefined ? {} : { aggregate }) })],
    });
    expect(d).toMatchObject(expected);
  });

  it("the default skips a drained default provider, then follows input order", () => {
    const list = [provider("a"), provider("b"), provider("c", { drained: true })];
    const {
      decisions: [d],
    } = run({ providers: list, config: { defaultProviders: ["c"] }, sources: [source("s", undefined)] });
    expect(d).toMatchObject({ provider: "a", level: "default", reason: { cause: "default" } });
  });

  it("a source that lost its measurements keeps its provider instead of jumping to the default", () => {
    const {
      decisions: [d],
    } = run({
      providers: providers("a", "b"),
      config: { defaultProviders: ["b"] },
      sources: [source("s", undefined, { previous: onA })],
    });
    expect(d).toMatchObject({ provider: "a", level: "default", reason: { cause: "best" } });
  });
});
