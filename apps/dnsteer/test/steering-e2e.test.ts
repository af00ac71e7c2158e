import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Testbed, testbedSkipReason, upTestbed } from "../../../fixtures/testbed/index.js";
import { type Daemon, dnsteerConfig, STEERED, serviceAddress, startInEdge, stopChild, ZONE, ZONE_DEFAULT_A } from "./e2e/dnsteer.js";
import { type Answers, answersNow, awaitAnswers, awaitAnswersEach, report, sleep, timeEach, type World } from "./e2e/expect.js";
import { startLoad } from "./e2e/load.js";
import { decisionOf, probeErrors, readDb } from "./e2e/observe.js";
import { type RunningUnbound, startUnbound, unboundMissing } from "./e2e/unbound.js";

/**
 * Issue 5, "Show", end to end through a real L-DNS: the testbed's edge runs `dnsteer serve` on
 * every provider address and `dnsteer worker`; one unbound per resolver address (stub-zone to
 * the provider addresses) stands between `dig` and dnsteer, so dnsteer sees the resolvers'
 * addresses as sources, exactly as on the internet. The delay router's table is the truth.
 *
 * Timing, all short so the whole file stays around a minute and a half:
 * - a probe cycle (every (resolver, provider) path probed once) is PROBE_MS (±10 %);
 * - aggregate.window 15 (the default): the policy compares paths on their samples since a level
 *   shift (packages/policy README); the scheduler's three re-probes 100 ms apart after a
 *   surprising sample bring a changed path its new level within a cycle. A window of 3 gave
 *   Welch's test ~2-4 degrees of freedom: too few for the default confidence (0.9999) under the
 *   testbed's ~1-2 ms timing noise, so clear 27 ms differences were held as `unconfirmed`;
 * - the policy runs every EVAL_MS (consecutive 2 = one more evaluation), serve polls every 100 ms;
 * - caching: the steered TTL is 0, so unbound never answers from its cache and every client
 *   query reaches dnsteer. Chosen over a 1 s TTL or `unbound-control flush` because the cost
 *   phase needs each resolver's client query rate to *be* its demand at the authoritative
 *   (with any caching, an unbound asks at most once per TTL whatever its clients' rate).
 * - TCP probes only (`kinds: ["tcp"]`): raw ICMP from the edge is routed by the socket, not by
 *   the provider source (probe README); a fix with a `device` per provider is in progress and
 *   not in the config schema yet. The testbed's TCP listener owns port 53 of every resolver
 *   address (the probes' target), so unbound answers dig on port 5300.
 */
const PROBE_MS = 1000;
const EVAL_MS = 500;
const REFRESH_MS = 100;
const INTERVAL_JITTER = 0.1;
const PROBE_TIMEOUT_MS = 500;
/** The scheduler's default gap between re-probes after a surprising result. */
const SURPRISE_GAP_MS = 100;
/** Hysteresis margin: a challenger must be better by more than this (ms). */
const MARGIN_MS = 6;
/** Slack for what the bounds do not model: a loaded 2-core box, dig through unbound, flushes. */
const SLACK_MS = 1500;
const CYCLE_MS = PROBE_MS * (1 + INTERVAL_JITTER);

const COUNT = 6;
/** Half-life of the flow analyzer's demand rate: short, so the cost phase's rates settle fast. */
const HALF_LIFE_MS = 2000;
const skipReason = testbedSkipReason() ?? unboundMissing();
if (skipReason) console.log(`steering-e2e skipped: ${skipReason}`);

/** Resolver i's best provider in the first table (rotates p1, p2, p3). */
const firstBest = (i: number) => i % 3;
/** ... and after the change. */
const secondBest = (i: number) => (i + 1) % 3;

describe.skipIf(skipReason !== undefined)("steering end to end through unbound on the latency testbed", () => {
  let tb: Testbed;
  let dir: string;
  let serve: Daemon | undefined;
  let worker: Daemon | undefined;
  const unbounds: RunningUnbound[] = [];
  const loads: ChildProcess[] = [];
  let w: World;
  let names: string[];

  const providerName = (i: number) => tb.providers[i]!.name;
  const expectProviders = (pick: (i: number) => number): Answers =>
    Object.fromEntries(w.resolvers.map((r, i) => [r, providerName(pick(i))]));

  /**
   * Delays for every (resolver, provider), one resolver after another (testbed.sh edits one
   * pair at a time, ~0.1 s each). Returns when each resolver's new delays were all in force.
   */
  async function setTable(ms: (i: number, p: number) => number, jitterPct = 0): Promise<Record<string, number>> {
    const inForce: Record<string, number> = {};
    for (let i = 0; i < COUNT; i++) {
      for (let p = 0; p < tb.providers.length; p++) await tb.setDelay(i, providerName(p), ms(i, p), jitterPct);
      inForce[tb.resolvers[i]!.v4] = Date.now();
    }
    return inForce;
  }

  function measureSection(): Record<string, unknown> {
    return {
      scope: { allow: ["192.0.2.0/24"] },
      schedule: {
        kinds: ["tcp"],
        minIntervalMs: PROBE_MS,
        intervalJitter: INTERVAL_JITTER,
        lowDemandStretch: 1,
        budgetPerSec: 200,
        burst: 10,
      },
      probe: { timeoutMs: PROBE_TIMEOUT_MS, tcpPort: 53 },
      aggregate: { window: 15 },
      storage: { flushMs: 100, refreshTargetsMs: 300 },
    };
  }

  function policySection(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      evaluateIntervalMs: EVAL_MS,
      sourceMaxAgeMs: 600_000,
      mode: "latency",
      marginMs: MARGIN_MS,
      marginPercent: 5,
      consecutive: 2,
      holdDownMs: 0,
      minSamples: 2,
      // A path is down after `downAfterLosses` (3) losses in a row (control), at once: the first
      // loss is a surprise and its three re-probes follow 100 ms apart (policy README, failover).
      maxLoss: 0.2,
      ...extra,
    };
  }

  const steeringSection = { ttl: 0, refreshIntervalMs: REFRESH_MS, flow: { flushIntervalMs: 250, halfLifeMs: HALF_LIFE_MS } };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dnsteer-e2e-"));
    tb = await upTestbed({
      prefix: `e2e${process.pid % 1_000_000}`,
      overrides: {
        resolvers: { count: COUNT },
        delays: {
          generator: "rotating-best",
          bestMinMs: 5,
          bestSpreadMs: 20,
          otherGapMs: 5,
          otherSpreadMs: 31,
          jitterPct: 0,
          dropIcmp: [],
          overrides: [],
        },
      },
    });
    names = tb.providers.map((p) => p.name);
    const byService = new Map(tb.providers.map((p) => [serviceAddress(p.v4), p.name]));
    w = {
      tb,
      dbPath: join(dir, "data", "dnsteer.sqlite"),
      resolvers: tb.resolvers.slice(0, COUNT).map((r) => r.v4),
      digBatchFile: join(dir, "dig-batch.txt"),
      providerOf: (a) => byService.get(a) ?? (a === ZONE_DEFAULT_A ? "zone-default" : a),
      logs: () => `[serve]\n${tail(serve?.log() ?? "")}\n[worker]\n${tail(worker?.log() ?? "")}`,
    };
    // The first table: resolver i is fastest via provider i mod 3, the others far behind.
    await setTable((i, p) => (p === firstBest(i) ? 10 + i : p === (firstBest(i) + 1) % 3 ? 35 + i : 50 + i));

    const config = dnsteerConfig(tb, dir, { policy: policySection(), measure: measureSection(), steering: steeringSection });
    serve = await startInEdge(tb, "serve", config, '"msg":"serving"');
    worker = await startInEdge(tb, "worker", config, '"msg":"worker started"');
    for (const r of w.resolvers) {
      const udir = join(dir, `unbound-${r}`);
      mkdirSync(udir, { recursive: true });
      unbounds.push(await startUnbound(tb, { dir: udir, address: r, zone: ZONE, stubAddrs: tb.providers.map((p) => p.v4) }));
    }
  }, 90_000);

  afterAll(async () => {
    // Processes we started first (by their own handles), then the testbed, which also stops
    // anything left inside its namespaces, then the temp folder.
    await Promise.all([...loads, ...unbounds.map((u) => u.child), worker?.child, serve?.child].map((c) => stopChild(c)));
    await tb?.down();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("unbound queries dnsteer from its own resolver address (outgoing-interface)", async () => {
    // Before any measurement the answer is the zone's own record; the sources table then holds
    // exactly the resolver addresses (not the resolvers' link address 198.19.0.2).
    const first = await answersNow(w, STEERED);
    for (const r of w.resolvers) expect(first[r], `first answer via ${r}`).toMatch(/^(zone-default|p\d)$/);
    await sleep(600);
    const seen = readDb(w.dbPath)
      .sources.map((s) => s.address)
      .sort();
    expect(seen).toEqual([...w.resolvers].sort());
  });

  it("answers each resolver with the provider of its lowest return delay", async () => {
    // From the first query: sources flushed (250 ms), targets refreshed (300 ms), minSamples 2
    // (two cycles), one evaluation, a refresh.
    const took = await awaitAnswers(w, STEERED, expectProviders(firstBest), 3 * CYCLE_MS + 2 * EVAL_MS + 3 * SLACK_MS, "first table");
    console.log(`e2e: every resolver on its best provider ${took} ms after the first check`);
    const db = readDb(w.dbPath);
    for (const [i, r] of w.resolvers.entries()) expect(decisionOf(db, r)?.provider).toBe(providerName(firstBest(i)));
  }, 60_000);

  it("moves the answers within two probe cycles of a delay change", async () => {
    const inForce = await setTable((i, p) => (p === secondBest(i) ? 8 + i : p === firstBest(i) ? 35 + i : 50 + i));
    // Two cycles (two new samples move a median of 3), `consecutive` 2 evaluations, one refresh.
    const bound = 2 * CYCLE_MS + 2 * EVAL_MS + REFRESH_MS + SLACK_MS;
    const took = await awaitAnswersEach(w, STEERED, expectProviders(secondBest), inForce, bound, "delay change");
    console.log(
      `e2e: delay change reached the answers in ${w.resolvers.map((r) => took[r]).join(", ")} ms per resolver (bound ${bound} ms, probe cycle ${PROBE_MS} ms)`,
    );
  }, 60_000);

  it("does not flap under ±20 % jitter below the margin", async () => {
    // The incumbent at 10 ms, the old best at 9.5 ms (better, but by less than the margin), both
    // ±20 %: measured, they cross all the time (a plain argmin would flap), yet the worst case
    // of the noise (12 − 7.6 = 4.4 ms) stays below the 6 ms margin.
    const incumbent = expectProviders(secondBest);
    await setTable((i, p) => (p === secondBest(i) ? 10 : p === firstBest(i) ? 9.5 : 50), 20);
    const windowMs = 12 * PROBE_MS;
    const start = Date.now();
    const tableSince = start;
    const sinceOf = (db: ReturnType<typeof readDb>, r: string) => decisionOf(db, r)?.state.since;
    const db0 = readDb(w.dbPath);
    const since0 = Object.fromEntries(w.resolvers.map((r) => [r, sinceOf(db0, r)]));
    let samples = 0;
    let crossings = 0;
    while (Date.now() - start < windowMs) {
      const now = await answersNow(w, STEERED);
      samples++;
      if (w.resolvers.some((r) => now[r] !== incumbent[r])) {
        throw new Error(
          report(
            w,
            `flap after ${Date.now() - start} ms of jitter; probes: ${probeErrors(tb, w.dbPath, w.resolvers, tableSince + 1500)}`,
            incumbent,
            now,
          ),
        );
      }
      const db = readDb(w.dbPath);
      // A switch and a switch back between two digs would escape the answers: the stored
      // hysteresis state says when each source last moved, and that must not change either.
      const moved = w.resolvers.filter((r) => decisionOf(db, r)?.provider !== incumbent[r] || sinceOf(db, r) !== since0[r]);
      if (moved.length) throw new Error(report(w, `decision of ${moved.join(", ")} switched during the jitter window`, incumbent, now));
      for (const [i, r] of w.resolvers.entries()) {
        const med = (p: number) =>
          db.stats.find((s) => s.prefix === r && s.prefixLength === 32 && s.provider === providerName(p))?.medianRttUs ?? Infinity;
        if (med(firstBest(i)) < med(secondBest(i))) crossings++;
      }
      await sleep(400);
    }
    console.log(
      `e2e: no flap over ${windowMs} ms (${samples} checks × ${COUNT} resolvers); the challenger's median led in ${crossings} of ${samples * COUNT} looks; probes: ${probeErrors(tb, w.dbPath, w.resolvers, tableSince + 1500)}`,
    );
    // The test is only meaningful if the challenger did lead at times: otherwise jitter never mattered.
    expect(crossings).toBeGreaterThan(0);
  }, 60_000);

  it("takes no resolver to a provider whose link is down, after one cycle", async () => {
    await setTable((i, p) => (p === secondBest(i) ? 10 : p === firstBest(i) ? 20 : 50));
    await awaitAnswers(w, STEERED, expectProviders(secondBest), 4 * CYCLE_MS + SLACK_MS, "before link down (jitter off)");
    const down = names[1]!; // p2: resolvers 0 and 3 are on it
    const t0 = Date.now();
    await tb.linkDown(down);
    // One cycle: the next probe of each path to it times out (PROBE_TIMEOUT_MS), that surprise's
    // re-probes (SURPRISE_GAP_MS apart) time out too, making three losses in a row; one
    // evaluation; a refresh.
    const bound = CYCLE_MS + PROBE_TIMEOUT_MS + 3 * SURPRISE_GAP_MS + PROBE_TIMEOUT_MS + EVAL_MS + REFRESH_MS + SLACK_MS;
    const expected: Answers = Object.fromEntries(
      w.resolvers.map((r, i) => [r, providerName(secondBest(i) === 1 ? firstBest(i) : secondBest(i))]),
    );
    const { took, last } = await timeEach(w, STEERED, (_r, provider) => provider !== down, t0, bound + 5000);
    const late = w.resolvers.filter((r) => took[r] === undefined || took[r]! > bound);
    if (late.length) {
      throw new Error(
        report(
          w,
          `link ${down} down: ${late.map((r) => `${r} ${took[r] === undefined ? "still answered it" : `took ${took[r]} ms`}`).join(", ")} (bound ${bound} ms)`,
          expected,
          last,
        ),
      );
    }
    console.log(
      `e2e: link ${down} down: its address left every answer within ${w.resolvers.map((r) => took[r]).join(", ")} ms per resolver (bound ${bound} ms)`,
    );
    // Stays off it: a second look one cycle later.
    await sleep(CYCLE_MS);
    const again = await answersNow(w, STEERED);
    expect(w.resolvers.filter((r) => again[r] === down)).toEqual([]);
    expect(again).toEqual(expected);
  }, 60_000);

  it("cost mode with a commit: the cheap provider is loaded to its commit and no further", async () => {
    const cheap = names[0]!;
    await tb.linkUp(names[1]!);
    // p1 has a commit (its first COMMIT Mbps cost nothing more) and is 20 ms from everyone; p2
    // (no commit, price 1) is 1..25 ms slower depending on the resolver (the regret of moving
    // each one off p1); p3 (price 2) is slowest.
    const regret = [1, 5, 10, 15, 20, 25];
    await setTable((i, p) => (p === 0 ? 20 : p === 1 ? 20 + regret[i]! : 60));
    // Let p2's paths recover first (their window must hold no loss again): a source
    // parked elsewhere while p2 was still out would make the outcome depend on that history.
    await until(
      () =>
        w.resolvers.every((r) =>
          readDb(w.dbPath).stats.some((s) => s.prefix === r && s.provider === names[1] && s.lossRatio === 0 && s.window.length >= 3),
        ),
      // The window of 15 forgets the down time's losses after 15 more replies (unsettled sources
      // are probed up to 3 times a cycle, settled ones once).
      16 * CYCLE_MS + SLACK_MS,
      "p2 paths answering again after link up",
    );
    await stopChild(worker?.child);
    worker = undefined;
    const config = dnsteerConfig(tb, dir, {
      policy: policySection({ mode: "cost", mbpsPerQueryRate: MBPS_PER_QPS }),
      measure: measureSection(),
      steering: steeringSection,
      costs: { p1: { pricePerMbps: 1, commitMbps: COMMIT, priceAboveCommit: 5 }, p2: { pricePerMbps: 1 }, p3: { pricePerMbps: 2 } },
    });
    worker = await startInEdge(tb, "worker", config, '"msg":"worker started"');
    // Demand: resolver i's clients ask RATES[i] queries/s through it, 0.5 Mbps per query/s:
    // 1, 2, ..., 6 Mbps, 21 in all, against a commit of 10.5 (every sum of demands is a whole
    // number, so none sits within 0.5 Mbps of the commit: margin for the rate estimates).
    const rates = Object.fromEntries(w.resolvers.map((r, i) => [r, RATES[i]!]));
    loads.push(...startLoad(tb, dir, STEERED, rates, 90));
    // No dig polling while the demand settles (each dig is demand too): watch SQLite.
    const start = Date.now();
    let stableSince = -1;
    let last = "";
    let verdict = { ok: false, text: "" };
    while (Date.now() - start < 45_000) {
      const db = readDb(w.dbPath);
      const ds = w.resolvers.map((r) => decisionOf(db, r));
      // Demand as the policy reads it (the source's decayed rate x mbpsPerQueryRate), not the
      // stored decision's demandMbps: control rewrites an unchanged decision only every 60 s
      // (reasonRefreshMs), so a source that stayed put keeps the demand of an older evaluation
      // (a resolver at 12 q/s was summed as 0 Mbps, from before its load started).
      const rateOf = new Map(db.sources.map((s) => [s.address, s.rate]));
      const demand = (d: (typeof ds)[number]) => (d === undefined ? NaN : (rateOf.get(d.source.split("/")[0]!) ?? NaN) * MBPS_PER_QPS);
      const onCheap = ds.filter((d) => d?.provider === cheap).reduce((n, d) => n + demand(d), 0);
      const total = ds.reduce((n, d) => n + demand(d), 0);
      const smallestOff = Math.min(...ds.filter((d) => d?.provider !== cheap).map(demand));
      const assignment = w.resolvers.map((r, i) => `${r}=${ds[i]?.provider}@${demand(ds[i]).toFixed(2)}`).join(" ");
      verdict = {
        // Loaded to its commit (no source elsewhere would still fit under it) and no further.
        ok: total > COMMIT && onCheap <= COMMIT && onCheap + smallestOff > COMMIT && ds.every((d) => d !== undefined),
        text: `${cheap} carries ${onCheap.toFixed(2)} Mbps of ${total.toFixed(2)} (commit ${COMMIT}; smallest source elsewhere ${smallestOff.toFixed(2)}): ${assignment}`,
      };
      // Settled: the decayed rates have converged (6 half-lives: within 2 % of the true rates),
      // and the property holds with the same assignment for 4 evaluations in a row.
      const converged = Date.now() - start >= 6 * HALF_LIFE_MS;
      const key = converged && verdict.ok ? assignment.replace(/@[\d.]+/g, "") : "";
      if (key !== "" && key === last) {
        if (Date.now() - stableSince >= 4 * EVAL_MS) break;
      } else stableSince = key !== "" ? Date.now() : -1;
      last = key;
      await sleep(250);
    }
    if (stableSince < 0 || Date.now() - stableSince < 4 * EVAL_MS) {
      throw new Error(
        report(
          w,
          `cost mode: not loaded to the commit and no further (stable) within 45 s: ${verdict.text}`,
          {},
          await answersNow(w, STEERED),
        ),
      );
    }
    console.log(`e2e: cost mode settled ${stableSince - start} ms after the worker restart: ${verdict.text}`);
    // What each resolver's clients get agrees with the stored decisions.
    const db = readDb(w.dbPath);
    const fromDecisions: Answers = Object.fromEntries(w.resolvers.map((r) => [r, decisionOf(db, r)!.provider]));
    const actual = await answersNow(w, STEERED);
    if (!w.resolvers.every((r) => actual[r] === fromDecisions[r]))
      throw new Error(report(w, `cost mode answers vs stored decisions (${verdict.text})`, fromDecisions, actual));
  }, 120_000);
});

/** Poll `check` every 250 ms until it holds; throws after `withinMs`. */
async function until(check: () => boolean, withinMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > withinMs) throw new Error(`timed out after ${withinMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

const COMMIT = 10.5;
const RATES = [2, 4, 6, 8, 10, 12];
const MBPS_PER_QPS = 0.5;

function tail(text: string, lines = 40): string {
  return text.split("\n").slice(-lines).join("\n");
}
