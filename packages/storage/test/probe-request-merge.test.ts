import { describe, expect, it } from "vitest";
import { mergeProbeRequestAnswers, type ProbeRequestResult, probedThrough } from "../src/index.js";

const probed = (provider: string, rttMs: number, loss = 0): ProbeRequestResult => ({
  provider,
  kind: "icmp",
  probes: 3,
  rttMs,
  loss,
  error: null,
});
const notHere = (provider: string, error = "no IPv4 source address"): ProbeRequestResult => ({
  provider,
  kind: "icmp",
  probes: 0,
  rttMs: null,
  loss: 0,
  error,
});

describe("merging probe sites' answers to one request", () => {
  it("tells a provider probed (answered or lost) from one that could not send there", () => {
    expect(probedThrough(probed("p1", 5))).toBe(true);
    expect(probedThrough({ ...probed("p1", 5), rttMs: null, loss: 1 })).toBe(true); // every probe lost, none refused
    expect(probedThrough(notHere("p1"))).toBe(false);
    expect(probedThrough({ ...notHere("p1", "SOURCE_NOT_LOCAL"), probes: 3, loss: 1 })).toBe(false);
  });

  it("waits until every provider has been probed from some site, then takes each one's best", () => {
    const fra = { site: "fra", results: [probed("p1", 12), notHere("p2")], error: null };
    expect(mergeProbeRequestAnswers(["p1", "p2"], [fra], false)).toBeNull();
    const ams = { site: "ams", results: [probed("p1", 20, 1 / 3), probed("p2", 30)], error: null };
    expect(mergeProbeRequestAnswers(["p1", "p2"], [fra, ams], false)).toEqual({
      status: "done",
      results: [probed("p1", 12), probed("p2", 30)],
      error: null,
    });
    // Same loss: the lower RTT.
    const par = { site: "par", results: [probed("p1", 8)], error: null };
    expect(mergeProbeRequestAnswers(["p1"], [fra, par], false)!.results).toEqual([probed("p1", 8)]);
  });

  it("expired: done with what came (the others say why), failed when nothing was probed", () => {
    const fra = { site: "fra", results: [probed("p1", 12), notHere("p2")], error: null };
    expect(mergeProbeRequestAnswers(["p1", "p2", "p3"], [fra], true)).toEqual({
      status: "done",
      results: [
        probed("p1", 12),
        { ...notHere("p2"), error: "fra: no IPv4 source address" },
        { provider: "p3", kind: "tcp", probes: 0, rttMs: null, loss: 0, error: "no probe site answered for it" },
      ],
      error: null,
    });
    const refused = { site: "ams", results: [], error: "192.0.2.1 is out-of-scope for this worker's measure.scope: not probed" };
    const failed = mergeProbeRequestAnswers(["p1"], [refused], true)!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe(
      "no probe site could probe through p1 before the request expired; ams: 192.0.2.1 is out-of-scope for this worker's measure.scope: not probed",
    );
    expect(mergeProbeRequestAnswers([], [], true)).toMatchObject({ status: "failed", error: "no enabled provider to probe through" });
  });
});
