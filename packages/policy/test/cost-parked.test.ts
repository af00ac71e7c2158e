import { describe, expect, it } from "vitest";
import { evaluate, type HysteresisState, policyConfig } from "../src/index.js";

/**
 * Regression (found by the steering end-to-end test): in cost mode a source parked on an
 * expensive provider (say while a cheaper one was down) bounced back to it every round,
 * because balancing returned a just-switched source to its previous provider before looking
 * for cheaper ones with room.
 */
describe("cost mode: a source parked on an expensive provider", () => {
  it("leaves it for a cheaper provider with room", () => {
    const m = (rttMs: number) => ({ rttMs, loss: 0, jitterMs: 0, samples: 5, lastUpdate: 0 });
    const providers = [
      { name: "p1", enabled: true, drained: false, cost: { pricePerMbps: 1, commitMbps: 2, priceAboveCommit: 5 } },
      { name: "p2", enabled: true, drained: false, cost: { pricePerMbps: 1, commitMbps: 0 } },
      { name: "p3", enabled: true, drained: false, cost: { pricePerMbps: 2, commitMbps: 0 } },
    ];
    const config = policyConfig({ mode: "cost", mbpsPerQueryRate: 1, holdDownMs: 0, consecutive: 2 });
    const measurements = { p1: m(20), p2: m(25), p3: m(60) };
    let prevA: HysteresisState | undefined;
    let prevB: HysteresisState | undefined = { provider: "p3", since: 0, challenger: null, challengerCount: 0 };
    const placements: string[] = [];
    for (let round = 1; round <= 4; round++) {
      const { decisions } = evaluate({
        now: round * 1000,
        config,
        providers,
        sources: [
          { key: "192.0.2.10/32", prefixLength: 32, demandRate: 2, measurements, previous: prevA },
          { key: "192.0.2.11/32", prefixLength: 32, demandRate: 1, measurements, previous: prevB },
        ],
      });
      prevA = decisions[0]!.state;
      prevB = decisions[1]!.state;
      placements.push(decisions[1]!.provider);
    }
    expect(placements.slice(2)).not.toContain("p3");
  });
});
