// The checks of issue 9's "Show", one after another on one running world, every figure from the
// answers real DNS queries got (Observer) against the testbed's ground truth (tb.truth).
import { Store } from "@dnsteer/storage";
import type { Family, PathChange } from "../../fixtures/testbed/index.js";
import { type Observer, type Snapshot, sleep } from "./observe.js";
import type { World } from "./world.js";

export interface PhaseLengths {
  /** Longest wait for every source to be answered by a provider (the sources table, targets, first decisions). */
  answerCapCycles: number;
  /** Cycles from then until accuracy is measured, then cycles it is averaged over. */
  convergeCycles: number;
  measureCycles: number;
  /** Longest wait for the 10 changed paths to move, and for the degrading path. */
  changeCapCycles: number;
  degradeRampCycles: number;
  /** ±20 % jitter on every path for this long (30 cycles = 5 minutes at the default 10 s cycle). */
  jitterCycles: number;
  linkDownCycles: number;
  linkUpCycles: number;
}

export const CI_LENGTHS: PhaseLengths = {
  answerCapCycles: 30,
  convergeCycles: 20,
  measureCycles: 5,
  changeCapCycles: 20,
  degradeRampCycles: 10,
  jitterCycles: 30,
  linkDownCycles: 10,
  linkUpCycles: 20,
};

const EXACT_MARGIN_MS = 1.5;
const FLIP_MARGIN_MS = 3;

export interface Accuracy {
  /** Share of (source, poll) on the true best, over sources whose best beats the second by > 1.5 ms. */
  exactPct: number;
  exactSources: number;
  /** Share of (source, poll) whose provider is within 1 ms of the best, over all sources. */
  within1msPct: number;
  allSources: number;
  byFamily: Record<Family, { exactPct: number; within1msPct: number }>;
  /** Sources off their best at the last poll (margin > 1.5 ms), with why. */
  wrong: Array<{ address: string; got: string; best: string; marginMs: number; delays: Record<string, number>; decisions: string }>;
}

/** Probe RTT error (measured − the testbed's delay) over the convergence, per kind: how good the policy's input was. */
export interface ProbeAccuracy {
  kind: string;
  replies: number;
  losses: number;
  errP50Ms: number;
  errP95Ms: number;
  errP99Ms: number;
}

export interface TopologyReport {
  seed: number;
  cycleMs: number;
  probes: ProbeAccuracy[];
  /** First poll where every source had a provider's answer, in cycles from the first query. */
  allAnsweredCycles: number | null;
  accuracy: Accuracy;
  findings: {
    /** F1: wrong at the end, decided from its own samples, still on a provider chosen at prefix/default level. */
    guessDefended: string[];
    /**
     * F1 in time: sources whose provider was still a coarser level's choice, and the wrong one,
     * when their own measurements took over (first decision at level "source"); how many cycles
     * after that their answer reached their best (null: not during convergence).
     */
    coarseWrongAtOwnData: Array<{ address: string; cycles: number | null }>;
    /** F2: the largest share of the mixed /24's members answered with one provider at one poll (after all had answers). */
    mixedPrefix: { prefix: string; members: number; distinctBest: number; maxSameShare: number; onBestAtEnd: number };
    /** F3: failovers while no link was down, per /24 or /48 (several members at once = a prefix failed over). */
    spuriousFailovers: Array<{ prefix: string; sources: number; at: number }>;
  };
  pathChange: { changes: number; cycles: Array<number | null>; within2Cycles: number };
  degrade: { address: string; crossedAtCycles: number; movedAtCycles: number | null; lagCycles: number | null };
  jitter: { cycles: number; sourcesOverMargin: number; flipsOverMargin: number; flippedSourcesOverMargin: number; flipsAll: number };
  linkDown: {
    provider: string;
    mode: string;
    boundMs: number;
    /** Sources answered with the downed provider at one probe cycle (+ timeout, evaluation, refresh) after it went down. */
    afterOneCycle: Record<Family, number>;
    /** … and at the end of the phase. */
    atEnd: Record<Family, number>;
    sourcesOnItBefore: Record<Family, number>;
  };
  /** Of the sources moved off the provider whose best it is (margin > 1.5 ms): how many came back, after how many cycles. */
  linkUp: {
    shouldReturn: number;
    returned: number;
    cycles: Array<number | null>;
    /** Those that did not return within the phase: where they were answered, and their decision trail. */
    away: Array<{ address: string; got: string; marginMs: number; delays: Record<string, number>; decisions: string }>;
  };
}

export async function runPhases(w: World, obs: Observer, len: PhaseLengths): Promise<TopologyReport> {
  const { cycleMs } = w;
  const start = Date.now();
  obs.start();
  // Convergence: nothing changes in the testbed. Counted from the first poll where every source
  // was answered by a provider (a slow start on a loaded machine must not eat into it), then
  // accuracy averaged over the last measureCycles.
  const answered = (s: Snapshot) => s.answers.every((a) => !a.startsWith("none") && a !== "zone-default");
  let allAnswered = obs.history.find(answered);
  while (!allAnswered && Date.now() - start < len.answerCapCycles * cycleMs)
    allAnswered = answered(await obs.next()) ? obs.latest() : undefined;
  await sleep(len.convergeCycles * cycleMs);
  const measureFrom = Date.now();
  await sleep(len.measureCycles * cycleMs);
  const window = obs.history.filter((s) => s.at >= measureFrom);
  const accuracy = measureAccuracy(w, obs, window);
  const probes = probeAccuracy(w, start, Date.now());
  const findings = {
    guessDefended: accuracy.wrong.filter((x) => guessDefended(obs, w, x.address)).map((x) => x.address),
    coarseWrongAtOwnData: coarseWrong(w, obs),
    mixedPrefix: mixedPrefix(w, obs, window),
    spuriousFailovers: spuriousFailovers(w, obs, start, Date.now()),
  };

  const pathChange = await pathChanges(w, obs, len);
  const degrade = await degrading(w, obs, len);
  const jitter = await jitterPhase(w, obs, len);
  const { linkDown, linkUp } = await linkFlap(w, obs, len);
  await obs.stop();
  return {
    seed: w.topology.seed,
    cycleMs,
    probes,
    allAnsweredCycles: allAnswered ? round2((allAnswered.at - start) / cycleMs) : null,
    accuracy,
    findings,
    pathChange,
    degrade,
    jitter,
    linkDown,
    linkUp,
  };
}

function measureAccuracy(w: World, obs: Observer, window: Snapshot[]): Accuracy {
  const tally = { exact: [0, 0], within: [0, 0], 4: { exact: [0, 0], within: [0, 0] }, 6: { exact: [0, 0], within: [0, 0] } };
  w.sources.forEach((src, i) => {
    for (const snap of window) {
      const t = w.tb.truth(src.resolver, src.family, snap.at);
      const got = snap.answers[i]!;
      const fam = tally[src.family];
      const within = t.delays[got] !== undefined && t.delays[got]! <= t.delays[t.best]! + 1 ? 1 : 0;
      tally.within[0]! += within;
      tally.within[1]! += 1;
      fam.within[0]! += within;
      fam.within[1]! += 1;
      if (t.marginMs > EXACT_MARGIN_MS) {
        const exact = got === t.best ? 1 : 0;
        tally.exact[0]! += exact;
        tally.exact[1]! += 1;
        fam.exact[0]! += exact;
        fam.exact[1]! += 1;
      }
    }
  });
  const last = window[window.length - 1]!;
  const wrong = w.sources.flatMap((src, i) => {
    const t = w.tb.truth(src.resolver, src.family, last.at);
    const got = last.answers[i]!;
    if (t.marginMs <= EXACT_MARGIN_MS || got === t.best) return [];
    return [{ address: src.address, got, best: t.best, marginMs: t.marginMs, delays: t.delays, decisions: decisionTrail(obs, i) }];
  });
  const pct = (x: number[]) => (x[1] ? round2((100 * x[0]!) / x[1]) : NaN);
  return {
    exactPct: pct(tally.exact),
    exactSources: w.sources.filter((s) => w.tb.truth(s.resolver, s.family, last.at).marginMs > EXACT_MARGIN_MS).length,
    within1msPct: pct(tally.within),
    allSources: w.sources.length,
    byFamily: {
      4: { exactPct: pct(tally[4].exact), within1msPct: pct(tally[4].within) },
      6: { exactPct: pct(tally[6].exact), within1msPct: pct(tally[6].within) },
    },
    wrong,
  };
}

function probeAccuracy(w: World, from: number, to: number): ProbeAccuracy[] {
  const store = Store.open(w.dbPath, { readonly: true });
  try {
    const byKind = new Map<string, { errors: number[]; losses: number }>();
    for (const s of store.listSamples({ since: from, limit: 2_000_000 })) {
      if (s.at > to) continue;
      const src = w.sources.find((x) => x.address === s.source);
      if (!src) continue;
      const k = byKind.get(s.kind) ?? { errors: [], losses: 0 };
      byKind.set(s.kind, k);
      if (s.rttUs === null) k.losses++;
      else k.errors.push(Math.abs(s.rttUs / 1000 - w.tb.truth(src.resolver, src.family, s.at).delays[s.provider]!));
    }
    return [...byKind.entries()].map(([kind, k]) => {
      const e = k.errors.sort((a, b) => a - b);
      const q = (p: number) => round2(e[Math.min(e.length - 1, Math.floor(p * e.length))] ?? NaN);
      return { kind, replies: e.length, losses: k.losses, errP50Ms: q(0.5), errP95Ms: q(0.95), errP99Ms: q(0.99) };
    });
  } finally {
    store.close();
  }
}

/** "prefix:p2(first) → source:p2(held)": the levels, providers and causes the decision went through. */
function decisionTrail(obs: Observer, i: number): string {
  return obs.decisionLog[i]!.map((d) => `${d.level}:${d.provider}(${d.cause})`).join(" → ");
}

/**
 * Finding 1: the source is decided from its own measurements now, yet its provider was chosen at
 * a coarser level (prefix or default) and never re-decided since: a guess defended as an incumbent.
 */
function guessDefended(obs: Observer, w: World, address: string): boolean {
  const log = obs.decisionLog[w.sources.findIndex((s) => s.address === address)]!;
  const last = log[log.length - 1];
  if (last?.level !== "source") return false;
  let origin = log.length - 1;
  while (origin > 0 && log[origin - 1]!.provider === last.provider) origin--;
  return log[origin]!.level !== "source";
}

function coarseWrong(w: World, obs: Observer): TopologyReport["findings"]["coarseWrongAtOwnData"] {
  return w.sources.flatMap((src, i) => {
    const t = w.tb.truth(src.resolver, src.family);
    const own = obs.decisionLog[i]!.find((d) => d.level === "source");
    if (t.marginMs <= EXACT_MARGIN_MS || !own || own.provider === t.best) return [];
    const fixed = obs.history.find((s) => s.at >= own.at && s.answers[i] === t.best);
    return [{ address: src.address, cycles: fixed ? round2((fixed.at - own.at) / w.cycleMs) : null }];
  });
}

function mixedPrefix(w: World, obs: Observer, window: Snapshot[]): TopologyReport["findings"]["mixedPrefix"] {
  const prefix = w.topology.mixedPrefix4;
  const members = w.sources.map((s, i) => ({ s, i })).filter(({ s }) => s.prefix === prefix);
  const bests = new Set(members.map(({ s }) => w.tb.truth(s.resolver, s.family).best));
  let maxSame = 0;
  for (const snap of obs.history) {
    const answers = members.map(({ i }) => snap.answers[i]!).filter((a) => !a.startsWith("none") && a !== "zone-default");
    if (answers.length < members.length) continue;
    const counts = new Map<string, number>();
    for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
    maxSame = Math.max(maxSame, ...counts.values());
  }
  const last = window[window.length - 1]!;
  const onBest = members.filter(({ s, i }) => last.answers[i] === w.tb.truth(s.resolver, s.family, last.at).best).length;
  return { prefix, members: members.length, distinctBest: bests.size, maxSameShare: round2(maxSame / members.length), onBestAtEnd: onBest };
}

function spuriousFailovers(w: World, obs: Observer, from: number, to: number): TopologyReport["findings"]["spuriousFailovers"] {
  const byMoment = new Map<string, number>();
  w.sources.forEach((src, i) => {
    for (const d of obs.decisionLog[i]!) {
      if (d.cause !== "failover" || d.at < from || d.at > to) continue;
      const key = `${src.prefix}@${d.at}`;
      byMoment.set(key, (byMoment.get(key) ?? 0) + 1);
    }
  });
  return [...byMoment.entries()].map(([k, n]) => {
    const [prefix, at] = k.split("@");
    return { prefix: prefix!, sources: n, at: Number(at) };
  });
}

async function pathChanges(w: World, obs: Observer, len: PhaseLengths): Promise<TopologyReport["pathChange"]> {
  const changes: PathChange[] = w.topology.scenario.pathChanges;
  await w.tb.edit(changes.map((c) => ({ resolver: c.resolver, provider: c.provider, family: c.family, ms: c.toMs })));
  const t0 = Date.now();
  const idx = changes.map((c) => w.sources.findIndex((s) => s.resolver === c.resolver && s.family === c.family));
  const cycles: Array<number | null> = changes.map(() => null);
  while (Date.now() - t0 < len.changeCapCycles * w.cycleMs && cycles.some((c) => c === null)) {
    const snap = await obs.next();
    changes.forEach((c, k) => {
      if (cycles[k] === null && snap.answers[idx[k]!] === c.newBest) cycles[k] = round2((snap.at - t0) / w.cycleMs);
    });
  }
  return { changes: changes.length, cycles, within2Cycles: cycles.filter((c) => c !== null && c <= 2).length };
}

async function degrading(w: World, obs: Observer, len: PhaseLengths): Promise<TopologyReport["degrade"]> {
  const d = w.topology.scenario.degrade;
  const i = w.sources.findIndex((s) => s.resolver === d.resolver && s.family === d.family);
  const src = w.sources[i]!;
  const durationMs = len.degradeRampCycles * w.cycleMs;
  const t0 = Date.now();
  await w.tb.edit([
    { resolver: d.resolver, provider: d.provider, family: d.family, ms: d.fromMs, ramp: { toMs: d.toMs, startAt: t0, durationMs } },
  ]);
  // When the truth changes: the first moment the ramped path is no longer the best.
  let crossedAt = t0 + durationMs;
  for (let t = t0; t <= t0 + durationMs; t += 50)
    if (w.tb.truth(src.resolver, src.family, t).best !== d.provider) {
      crossedAt = t;
      break;
    }
  let movedAt: number | null = null;
  while (Date.now() < crossedAt + len.changeCapCycles * w.cycleMs) {
    const snap = await obs.next();
    const truth = w.tb.truth(src.resolver, src.family, snap.at);
    if (snap.at >= crossedAt && snap.answers[i] === truth.best) {
      movedAt = snap.at;
      break;
    }
  }
  return {
    address: src.address,
    crossedAtCycles: round2((crossedAt - t0) / w.cycleMs),
    movedAtCycles: movedAt === null ? null : round2((movedAt - t0) / w.cycleMs),
    lagCycles: movedAt === null ? null : round2((movedAt - crossedAt) / w.cycleMs),
  };
}

async function jitterPhase(w: World, obs: Observer, len: PhaseLengths): Promise<TopologyReport["jitter"]> {
  const pct = w.topology.scenario.jitterPct;
  await w.tb.edit(w.tb.providers.map((p) => ({ resolver: "all" as const, provider: p.name, jitterPct: pct })));
  // Nothing may move from the moment the jitter starts: flips are counted from the first poll.
  const t0 = Date.now();
  const flips = w.sources.map(() => 0);
  let prev: string[] | undefined;
  while (Date.now() - t0 < len.jitterCycles * w.cycleMs) {
    const snap = await obs.next();
    if (prev)
      snap.answers.forEach((a, i) => {
        if (!a.startsWith("none") && !prev![i]!.startsWith("none") && a !== prev![i]) flips[i]!++;
      });
    prev = snap.answers;
  }
  await w.tb.edit(w.tb.providers.map((p) => ({ resolver: "all" as const, provider: p.name, jitterPct: 0 })));
  const over = w.sources.map((s, i) => ({ s, i })).filter(({ s }) => w.tb.truth(s.resolver, s.family).marginMs > FLIP_MARGIN_MS);
  return {
    cycles: len.jitterCycles,
    sourcesOverMargin: over.length,
    flipsOverMargin: over.reduce((n, { i }) => n + flips[i]!, 0),
    flippedSourcesOverMargin: over.filter(({ i }) => flips[i]! > 0).length,
    flipsAll: flips.reduce((a, b) => a + b, 0),
  };
}

async function linkFlap(w: World, obs: Observer, len: PhaseLengths): Promise<Pick<TopologyReport, "linkDown" | "linkUp">> {
  const provider = w.topology.scenario.linkFlap;
  const mode = "source-gone";
  const count = (snap: Snapshot) => {
    const n = { 4: 0, 6: 0 } as Record<Family, number>;
    w.sources.forEach((s, i) => {
      if (snap.answers[i] === provider) n[s.family]++;
    });
    return n;
  };
  const before = count(await obs.next());
  await w.tb.linkDown(provider, mode);
  const t0 = Date.now();
  // One probe cycle for every path to it to be probed (and time out), one evaluation, one refresh.
  const boundMs = w.cycleMs + w.probeTimeoutMs + w.evaluateMs + w.refreshMs;
  await sleep(boundMs);
  const afterOneCycle = count(await obs.next());
  await sleep(Math.max(0, len.linkDownCycles * w.cycleMs - (Date.now() - t0)));
  const endSnap = await obs.next();
  const atEnd = count(endSnap);
  // Link up: the sources whose best it is (clearly) and that were moved off it should return.
  await w.tb.linkUp(provider);
  const t1 = Date.now();
  const back = w.sources
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => {
      const t = w.tb.truth(s.resolver, s.family);
      return t.best === provider && t.marginMs > EXACT_MARGIN_MS && endSnap.answers[i] !== provider;
    });
  const cycles: Array<number | null> = back.map(() => null);
  while (Date.now() - t1 < len.linkUpCycles * w.cycleMs && cycles.some((c) => c === null)) {
    const snap = await obs.next();
    back.forEach(({ i }, k) => {
      if (cycles[k] === null && snap.answers[i] === provider) cycles[k] = round2((snap.at - t1) / w.cycleMs);
    });
  }
  const last = obs.latest()!;
  const away = back
    .filter((_, k) => cycles[k] === null)
    .map(({ s, i }) => {
      const t = w.tb.truth(s.resolver, s.family);
      return { address: s.address, got: last.answers[i]!, marginMs: t.marginMs, delays: t.delays, decisions: decisionTrail(obs, i) };
    });
  return {
    linkDown: { provider, mode, boundMs, afterOneCycle, atEnd, sourcesOnItBefore: before },
    linkUp: { shouldReturn: back.length, returned: cycles.filter((c) => c !== null).length, cycles, away },
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
