import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { FlowAnalyzer } from "@dnsteer/flow";
import { DecisionMap } from "@dnsteer/steering";
import { nameToKey, parseName } from "@dnsteer/wire";
import { buildQuery, opt } from "@dnsteer/wire/testing";
import { parseZone, ZoneSet } from "@dnsteer/zone";
import { describe, expect, it } from "vitest";
import { TEST_ZONE } from "../../test/zone-fixture.js";
import { buildChain } from "../chain.js";
import { createResponder, type Responder } from "../core/responder.js";
import { resolveSettings } from "../core/settings.js";
import { createSnapshot } from "../core/snapshot.js";
import type { QueryTally } from "../core/tally.js";
import { DnsCookies } from "../plugins/cookies/index.js";
import { SteeredAnswerCounts } from "../plugins/steer/answer-counts.js";
import { buildSteeringView } from "../plugins/steer/view.js";
import { FastLane } from "./fast-lane.js";

// The point of the fast lane: a template answer allocates nothing. Measured as heap growth
// right after a full GC, over rounds small enough that no scavenge runs within one (the
// responder's ~320 bytes a query would show as hundreds of kilobytes per round); the least
// growth of several rounds is taken, so a GC that did run in one cannot hide anything.

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const ROUND = 2000;
const ROUNDS = 10;

/** Bytes allocated per query answered by `answer`, the least over rounds. */
function bytesPerQuery(answer: (i: number) => void): number {
  for (let i = 0; i < 50_000; i++) answer(i); // optimized code, as in a running server
  let least = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    gc();
    const before = getHeapStatistics().used_heap_size;
    for (let i = 0; i < ROUND; i++) answer(i);
    least = Math.min(least, (getHeapStatistics().used_heap_size - before) / ROUND);
  }
  return least;
}

class CountingTally implements QueryTally {
  readonly counts = new Float64Array(4);
  count(_t: string, family: 4 | 6, _qtype: number, rcode: number): void {
    this.counts[(family === 4 ? 0 : 2) + (rcode === 0 ? 0 : 1)]!++;
  }
}

describe("fast lane allocation", () => {
  const snapshot = createSnapshot(
    new ZoneSet([parseZone(`${TEST_ZONE}\napp A 192.0.2.99\n`, { origin: "example.test." })]),
    resolveSettings({}),
  );
  const view = buildSteeringView({
    names: ["app.example.test."],
    providers: [
      { name: "p1", serviceA: ["203.0.113.80"], serviceAAAA: [] },
      { name: "p2", serviceA: ["198.51.100.80"], serviceAAAA: [] },
    ],
    decisions: DecisionMap.from(["p1", "p2"], [{ prefix: "10.0.0.0", prefixLength: 8, provider: "p2" }]),
    defaultProvider: "p1",
    ttl: 30,
  });
  const flow = new FlowAnalyzer({ maxSources: 1024, groups: 1, halfLifeMs: 300_000 });
  const services = {
    cookies: new DnsCookies(),
    steering: { current: () => view, answers: new SteeredAnswerCounts(["p1", "p2"]) },
    flow: { analyzer: flow, groups: new Map([[nameToKey(parseName("app.example.test.")), 0]]), now: () => 1000 },
  };
  const tally = new CountingTally();
  const respond: Responder = createResponder(() => snapshot, { chain: buildChain(services) });
  const lane = new FastLane(() => snapshot, { ...services, tally });

  const queries = [
    buildQuery({ id: 1 }),
    buildQuery({ id: 2, qtype: 28, tail: opt([], 1232, 0, true) }),
    buildQuery({ id: 3, name: "app.example.test." }),
    buildQuery({
      id: 4,
      name: "app.example.test.",
      tail: opt([
        [8, [0, 1, 24, 0, 10, 1, 2]],
        [10, [1, 2, 3, 4, 5, 6, 7, 8]],
      ]),
    }),
  ];
  const ring = new Uint8Array(8192);
  const sources = [Uint8Array.of(10, 9, 8, 7), Uint8Array.of(192, 0, 2, 1)];
  const peer = { address: "10.9.8.7", port: 5353, family: 4 as const };
  for (const q of queries) for (const s of ["10.9.8.7", "192.0.2.1"]) respond(q, "udp", { ...peer, address: s }); // the templates

  it("answers template hits without allocating (the full responder: hundreds of bytes)", () => {
    queries.forEach((q, i) => ring.set(q, i * 512));
    // The lane learns each name the first time it sees it (its interner): then it answers.
    queries.forEach((q, i) => lane.answer(ring, i * 512, q.length, 4, sources[0]!, 0, ring, 4096, 4096));
    let answered = 0;
    const fast = bytesPerQuery((i) => {
      const q = i & 3;
      answered += lane.answer(ring, q * 512, queries[q]!.length, 4, sources[i & 1]!, 0, ring, 4096, 4096) > 0 ? 1 : 0;
    });
    expect(answered, "every query answered by the lane").toBe(50_000 + ROUNDS * ROUND);
    const full = bytesPerQuery((i) => respond(queries[i & 3]!, "udp", peer));
    expect(full, "the measure sees the responder's allocations").toBeGreaterThan(100);
    expect(fast).toBeLessThan(8);
  });
});
