import { describe, expect, it } from "vitest";
import { describeDecision, describeVerdict } from "../src/index.js";
import { decideOne, providers, replay, source } from "./helpers.js";

describe("reasons", () => {
  it("serialize as plain data, verdicts included", () => {
    const decision = decideOne({ providers: providers("a", "b"), sources: [source("s", { a: 10, b: 22.34 })] });
    const plain = JSON.parse(JSON.stringify(decision));
    expect(plain.reason).toMatchObject({ mode: "latency", cause: "first", from: null });
    expect(plain.reason.providers).toEqual([
      { provider: "a", kind: "chosen", by: null, rttMs: 10, loss: 0, jitterMs: 1, samples: 10, effectiveMs: 10, price: 1 },
      {
        provider: "b",
        kind: "slower",
        by: expect.closeTo(12.34, 9),
        rttMs: 22.34,
        loss: 0,
        jitterMs: 1,
        samples: 10,
        effectiveMs: 22.34,
        price: 1,
      },
    ]);
  });

  it("read as sentences", () => {
    const decision = decideOne({
      providers: providers("a", "b", "c"),
      config: { defaultProviders: [] },
      sources: [source("192.0.2.0/24", { a: 10, b: 22.34, c: "down" }, { prefixLength: 24 })],
    });
    expect(describeDecision(decision)).toBe(
      "192.0.2.0/24 -> a (source /24, latency, first): b slower by 12.3 ms; c down (every probe lost)",
    );
    const [held] = replay(
      { provider: "b", since: 0, challenger: null, challengerCount: 0 },
      [{ now: 1000, measurements: { a: 10, b: 22 } }],
      { providers: providers("a", "b"), config: { consecutive: 3, holdDownMs: 0 } },
    );
    expect(describeVerdict(held!.reason.providers[0]!)).toBe("hysteresis: challenger needs 2 more evaluations");
  });
});
