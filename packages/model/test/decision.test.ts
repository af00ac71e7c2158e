import { describe, expect, it } from "vitest";
import { isProbeKind, PROBE_KINDS, type StoredDecision, storedDecisionSchema } from "../src/index.js";

const decision: StoredDecision = {
  source: "192.0.2.0/24",
  provider: "p1",
  level: "prefix",
  prefixLength: 24,
  demandMbps: 0.5,
  reason: {
    mode: "latency",
    cause: "switched",
    from: "p2",
    providers: [
      { provider: "p1", kind: "chosen", by: null, rttMs: 10, loss: 0, jitterMs: 0.2, samples: 9, effectiveMs: 10, price: 0 },
      { provider: "p2", kind: "slower", by: 12.5, rttMs: 22.5, loss: 0, jitterMs: 1, samples: 9, effectiveMs: 22.5, price: 0 },
    ],
  },
  state: { provider: "p1", since: 1_800_000_000_000, challenger: null, challengerCount: 0 },
  decidedAt: 1_800_000_000_000,
};

describe("the stored decision schema", () => {
  it("accepts a decision as the policy makes it, and survives JSON", () => {
    expect(storedDecisionSchema.parse(JSON.parse(JSON.stringify(decision)))).toEqual(decision);
  });

  it.each([
    ["an unknown cause", { reason: { ...decision.reason, cause: "whim" } }, "reason.cause"],
    [
      "an unknown verdict kind",
      { reason: { ...decision.reason, providers: [{ ...decision.reason.providers[0]!, kind: "meh" }] } },
      "reason.providers.0.kind",
    ],
    ["no hysteresis state (an older row)", { state: undefined }, "state"],
    ["a level that is not one", { level: "global" }, "level"],
    ["a negative challenger count", { state: { ...decision.state, challengerCount: -1 } }, "state.challengerCount"],
  ])("rejects %s, naming the field", (_label, change, path) => {
    const result = storedDecisionSchema.safeParse({ ...decision, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
});

describe("probe kinds", () => {
  it("are icmp, tcp and dns, and nothing else", () => {
    expect(PROBE_KINDS).toEqual(["icmp", "tcp", "dns"]);
    expect([isProbeKind("icmp"), isProbeKind("tcp"), isProbeKind("dns"), isProbeKind("udp"), isProbeKind(undefined)]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
