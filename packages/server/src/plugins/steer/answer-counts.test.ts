import { DecisionMap } from "@dnsteer/steering";
import { describe, expect, it } from "vitest";
import { SteeredAnswerCounts, ZONE_RECORDS_SLOT } from "./answer-counts.js";
import { buildSteeringView } from "./view.js";

const viewOf = (names: string[]) =>
  buildSteeringView({
    names: [],
    providers: names.map((name, i) => ({ name, serviceA: [`192.0.2.${i + 1}`], serviceAAAA: [] })),
    decisions: DecisionMap.from(names, []),
    ttl: 30,
  });

describe("SteeredAnswerCounts", () => {
  it("counts per provider name and type, whatever index a view gives the provider", () => {
    const counts = new SteeredAnswerCounts(["isp-a", "isp-b"]);
    const first = viewOf(["isp-a", "isp-b"]);
    counts.count(first, 0, true);
    counts.count(first, 1, true);
    counts.count(first, 1, false);
    counts.count(first, -1, false); // the zone's records
    counts.count(first, 7, true); // an index the view does not have: the zone's records too
    // A refreshed view with a provider added first (as through the API): index 1 is now isp-a.
    const second = viewOf(["isp-c", "isp-a", "isp-b"]);
    counts.count(second, 1, true);
    counts.count(second, 0, false);
    expect(counts.names).toEqual(["isp-a", "isp-b", "isp-c"]);
    const of = (name: string, a: boolean) => counts.of(counts.names.indexOf(name) + 1, a);
    expect([of("isp-a", true), of("isp-a", false)]).toEqual([2, 0]);
    expect([of("isp-b", true), of("isp-b", false)]).toEqual([1, 1]);
    expect([of("isp-c", true), of("isp-c", false)]).toEqual([0, 1]);
    expect([counts.of(ZONE_RECORDS_SLOT, true), counts.of(ZONE_RECORDS_SLOT, false)]).toEqual([1, 1]);
  });
});
