/**
 * The testbed's scenario, in simulated time: warm-up and accuracy, ten ≥ 30 % path changes per
 * topology (and one path degrading over 10 cycles), five minutes of ±20 % per-packet jitter, a
 * link that dies and comes back. The policy runs every `evaluateMs` on what the prober measured so far,
 * its states fed back, its "settled" flags handed to the prober's scheduler.
 */
import { evaluate, type HysteresisState, type PolicyConfig, type ProviderSpec } from "../../src/index.js";
import { InputBuilder } from "./inputs.js";
import { Prober, type ProbeSettings } from "./prober.js";
import { type Accuracy, accuracy, truthOf } from "./quality.js";
import { setDelay, sourceIndex, type World } from "./world.js";

const S = 1000;
export const TIMELINE = {
  checkpoints: [60 * S, 120 * S, 180 * S, 300 * S],
  changeAt: 300 * S,
  rampMs: 100 * S,
  jitterFrom: 480 * S,
  jitterTo: 780 * S,
  jitter: 0.2,
  linkDownAt: 840 * S,
  linkUpAt: 960 * S,
  end: 1140 * S,
};

export interface MoveFigures {
  count: number;
  /** Share on the new best within 2 probe cycles of the change (for a ramp: of the truth crossing over). */
  within2Cycles: number;
  /** The slowest, in cycles (Infinity: some never moved). */
  slowestCycles: number;
}

export interface ScenarioReport {
  /** Accuracy at each checkpoint, then at the end (after the link came back). */
  accuracy: { atS: number; value: Accuracy }[];
  changes: MoveFigures;
  degrade: MoveFigures;
  /** Under ±20 % jitter: answer changes of sources whose margin exceeds 3 ms, and of all, per source per hour. */
  jitter: { flipsOver3ms: number; sourcesOver3ms: number; flipsPerSourceHour: number };
  /** Share still answered with the dead provider 1 and 2 cycles after its link went down; cycles until none. */
  linkDown: { after1Cycle: number; after2Cycles: number; clearAfterCycles: number };
  /** After the link came back: sources whose best it is (margin > 1.5 ms) back on it, from the moment it came up. */
  linkUp: MoveFigures;
  /** Cost modes: the committed provider's largest load over its commit, and evaluations past it (any phase). */
  commit: { provider: string; commitMbps: number; maxLoadRatio: number; evaluationsOver: number; evaluations: number } | null;
  /** latency-within-cost, at the end: sources answered within the tolerance of their true best. */
  withinTolerance: number | null;
  probesPerSourceMinute: number;
  evaluateMs: { median: number; max: number };
}

/** A source that should move to `newBest` from `since` on (-1: not yet due). */
interface Move {
  newBest: number;
  since: number;
  movedAt: number;
}

export function runScenario(
  w: World,
  config: PolicyConfig,
  providers: ProviderSpec[],
  probe: ProbeSettings,
  evaluateMs: number,
  rand: () => number,
): ScenarioReport {
  const prober = new Prober(w, probe, TIMELINE.end + evaluateMs, rand);
  const inputs = new InputBuilder(w, prober, probe.window);
  const previous: (HysteresisState | undefined)[] = new Array(w.count);
  const chosen = new Int8Array(w.count);
  const index = new Map(w.providers.map((name, p) => [name, p]));
  const cycle = probe.intervalMs;
  const accuracies: ScenarioReport["accuracy"] = [];
  const linkDown = { after1Cycle: 0, after2Cycles: 0, clearAfterCycles: -1 };
  const changed = new Map<number, Move>();
  const degraded = new Map<number, Move>();
  const returned = new Map<number, Move>();
  const times: number[] = [];
  let jitterFlips = 0;
  let over3 = 0;
  let allFlips = 0;
  const linkProvider = index.get(w.topologies[0]!.scenario.linkFlap)!;
  const committed = providers.findIndex((p) => p.cost.commitMbps > 0);
  const commit =
    committed < 0
      ? null
      : {
          provider: providers[committed]!.name,
          commitMbps: providers[committed]!.cost.commitMbps,
          maxLoadRatio: 0,
          evaluationsOver: 0,
          evaluations: 0,
        };
  for (let now = evaluateMs, prev = 0; now <= TIMELINE.end; prev = now, now += evaluateMs) {
    prober.advance(prev, now);
    const started = performance.now();
    const { decisions, providerLoad } = evaluate(inputs.build(now, config, providers, previous));
    times.push(performance.now() - started);
    if (commit !== null && config.mode !== "latency") {
      const ratio = providerLoad[committed]!.mbps / commit.commitMbps;
      commit.maxLoadRatio = Math.max(commit.maxLoadRatio, ratio);
      commit.evaluations++;
      if (ratio > 1 + 1e-9) commit.evaluationsOver++;
    }
    const inJitter = now > TIMELINE.jitterFrom && now <= TIMELINE.jitterTo;
    for (let s = 0; s < w.count; s++) {
      const d = decisions[s]!;
      const p = index.get(d.provider)!;
      if (inJitter && p !== chosen[s]) {
        allFlips++;
        if (truthOf(w, s, prober.linkDown).margin > 3) jitterFlips++;
      }
      chosen[s] = p;
      previous[s] = d.state;
      prober.settled[s] = d.state.settled === false ? 0 : 1;
    }
    for (const moves of [changed, degraded, returned])
      for (const [s, m] of moves) if (m.since >= 0 && m.movedAt < 0 && chosen[s] === m.newBest) m.movedAt = now;
    if (TIMELINE.checkpoints.includes(now)) accuracies.push({ atS: now / S, value: accuracy(w, chosen, prober.linkDown) });
    if (now === TIMELINE.changeAt) applyChanges(w, changed, degraded, index);
    if (now > TIMELINE.changeAt && now <= TIMELINE.changeAt + TIMELINE.rampMs) rampDegrade(w, degraded, index, now);
    if (now === TIMELINE.jitterFrom) {
      w.jitter.fill(TIMELINE.jitter);
      for (let s = 0; s < w.count; s++) if (truthOf(w, s, prober.linkDown).margin > 3) over3++;
    }
    if (now === TIMELINE.jitterTo) w.jitter.fill(0);
    if (now === TIMELINE.linkDownAt) prober.linkDown[linkProvider] = 1;
    if (now > TIMELINE.linkDownAt && now <= TIMELINE.linkUpAt) {
      let still = 0;
      for (let s = 0; s < w.count; s++) if (chosen[s] === linkProvider) still++;
      const cycles = (now - TIMELINE.linkDownAt) / cycle;
      if (cycles <= 1) linkDown.after1Cycle = still / w.count;
      if (cycles <= 2) linkDown.after2Cycles = still / w.count;
      if (still === 0 && linkDown.clearAfterCycles < 0) linkDown.clearAfterCycles = cycles;
    }
    if (now === TIMELINE.linkUpAt) {
      prober.linkDown[linkProvider] = 0;
      for (let s = 0; s < w.count; s++) {
        const truth = truthOf(w, s, prober.linkDown);
        if (truth.best === linkProvider && truth.margin > 1.5) returned.set(s, { newBest: linkProvider, since: now, movedAt: -1 });
      }
    }
  }
  accuracies.push({ atS: TIMELINE.end / S, value: accuracy(w, chosen, prober.linkDown) });
  times.sort((a, b) => a - b);
  let tolerated = 0;
  for (let s = 0; s < w.count; s++) {
    const best = w.delays[s * w.providers.length + truthOf(w, s, prober.linkDown).best]!;
    if (w.delays[s * w.providers.length + chosen[s]!]! <= best + config.toleranceMs + 1e-9) tolerated++;
  }
  return {
    accuracy: accuracies,
    changes: moveFigures(changed, cycle),
    degrade: moveFigures(degraded, cycle),
    jitter: {
      flipsOver3ms: jitterFlips,
      sourcesOver3ms: over3,
      flipsPerSourceHour: allFlips / w.count / ((TIMELINE.jitterTo - TIMELINE.jitterFrom) / 3_600_000),
    },
    linkDown,
    linkUp: moveFigures(returned, cycle),
    commit: config.mode === "latency" ? null : commit,
    withinTolerance: config.mode === "latency-within-cost" ? tolerated / w.count : null,
    probesPerSourceMinute: prober.probes / w.count / (TIMELINE.end / 60_000),
    evaluateMs: { median: times[times.length >> 1]!, max: times[times.length - 1]! },
  };
}

function moveFigures(moves: Map<number, Move>, cycle: number): MoveFigures {
  const delays = [...moves.values()].filter((m) => m.since >= 0).map((m) => (m.movedAt < 0 ? Infinity : (m.movedAt - m.since) / cycle));
  return {
    count: delays.length,
    within2Cycles: delays.filter((d) => d <= 2).length / Math.max(1, delays.length),
    slowestCycles: Math.max(0, ...delays),
  };
}

/** Every topology's ten path changes (IPv4), in every replica; the degrading paths start their ramps. */
function applyChanges(w: World, changed: Map<number, Move>, degraded: Map<number, Move>, index: Map<string, number>): void {
  w.topologies.forEach((topo, t) => {
    for (const c of topo.scenario.pathChanges) {
      setDelay(w, t, c.resolver, c.family, index.get(c.provider)!, c.toMs);
      for (let replica = 0; replica < w.replicas; replica++) {
        changed.set(sourceIndex(w, replica, t, c.resolver, c.family), {
          newBest: index.get(c.newBest)!,
          since: TIMELINE.changeAt,
          movedAt: -1,
        });
      }
    }
    const d = topo.scenario.degrade;
    for (let replica = 0; replica < w.replicas; replica++)
      degraded.set(sourceIndex(w, replica, t, d.resolver, d.family), { newBest: -1, since: -1, movedAt: -1 });
  });
}

/** The degrading paths at `now` of their ramp; a source is due to move once another provider is truly best. */
function rampDegrade(w: World, degraded: Map<number, Move>, index: Map<string, number>, now: number): void {
  const P = w.providers.length;
  const fraction = (now - TIMELINE.changeAt) / TIMELINE.rampMs;
  w.topologies.forEach((topo, t) => {
    const d = topo.scenario.degrade;
    setDelay(w, t, d.resolver, d.family, index.get(d.provider)!, d.fromMs + (d.toMs - d.fromMs) * fraction);
  });
  for (const [s, m] of degraded) {
    if (m.since >= 0) continue;
    const slowed = index.get(w.topologies[w.topology[s]!]!.scenario.degrade.provider)!;
    let best = 0;
    for (let q = 1; q < P; q++) if (w.delays[s * P + q]! < w.delays[s * P + best]!) best = q;
    if (best !== slowed) {
      m.since = now;
      m.newBest = best;
    }
  }
}
