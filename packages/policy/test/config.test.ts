import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY_CONFIG, evaluate, type PolicyConfig, PolicyError, policyConfig } from "../src/index.js";
import { provider, providers, source } from "./helpers.js";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof PolicyError) return error.code;
    throw error;
  }
  return undefined;
};

describe("config and input errors", () => {
  it("defaults validate", () => {
    expect(policyConfig()).toEqual(DEFAULT_POLICY_CONFIG);
  });

  it.each<[string, Partial<PolicyConfig>]>([
    ["unknown mode", { mode: "fastest" as never }],
    ["negative margin", { marginMs: -1 }],
    ["NaN tolerance", { toleranceMs: NaN }],
    ["maxLoss 0", { maxLoss: 0 }],
    ["maxLoss above 1", { maxLoss: 1.5 }],
    ["downLoss 0", { downLoss: 0 }],
    ["consecutive 0", { consecutive: 0 }],
    ["fractional consecutive", { consecutive: 1.5 }],
  ])("%s is BAD_CONFIG", (_, partial) => {
    expect(codeOf(() => policyConfig(partial))).toBe("BAD_CONFIG");
  });

  const input = (list = providers("a", "b"), config = policyConfig()) => ({
    now: 0,
    config,
    providers: list,
    sources: [source("s", { a: 1 })],
  });

  it.each([
    ["NO_PROVIDERS", () => evaluate(input([]))],
    ["DUPLICATE_PROVIDER", () => evaluate(input([provider("a"), provider("a")]))],
    ["UNKNOWN_PROVIDER", () => evaluate(input(providers("a"), policyConfig({ defaultProviders: ["z"] })))],
    ["BAD_CONFIG", () => evaluate(input(providers("a"), { ...policyConfig(), minSamples: -2 }))],
  ] as const)("evaluate throws %s", (code, fn) => {
    expect(codeOf(fn)).toBe(code);
  });

  it("an empty source list is no error", () => {
    const result = evaluate({ ...input(), sources: [] });
    expect(result.decisions).toEqual([]);
    expect(result.providerLoad.map((l) => l.mbps)).toEqual([0, 0]);
  });
});
