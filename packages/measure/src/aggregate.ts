import type { PathStat, ProbeKind } from "@dnsteer/storage";

export interface AggregateParams {
  /** EWMA weight of a new RTT (0..1]; 0.2 follows a change within ~10 samples. */
  ewmaAlpha: number;
  /** Samples (replies and losses) the median and loss ratio look at. */
  window: number;
}

export const DEFAULT_AGGREGATE: AggregateParams = { ewmaAlpha: 0.2, window: 15 };

/**
 * Consecutive losses that make an outage rather than loss: a reply after this many starts the
 * path's window afresh. Without it a link that comes back carries its outage in the loss ratio
 * for a whole window (15 probes, ~14 probe cycles of a settled source) and stays "lossy" long
 * after it answers every probe; its pre-outage RTTs are stale too (the route may have changed).
 * Five in a row is at least one scheduled probe beyond a loss and its three re-probes, so a
 * short burst (one loss confirmed by re-probes) still counts as loss. The policy's simulation
 * (packages/policy/bench/sim/prober.ts) applies the same rule.
 */
export const OUTAGE_RUN = 5;

/** One aggregate per path and probe kind: ICMP and TCP RTTs have different baselines (storage migration 4). */
export interface PathKey {
  prefix: string;
  prefixLength: number;
  provider: string;
  kind: ProbeKind;
}

/**
 * Folds one probe result into a path's aggregate. Pure: same inputs, same output.
 * - EWMA over replies only (a loss carries no latency).
 * - Median over the replies in the last `window` results: robust to the odd delayed reply.
 * - Loss ratio over the same window; a reply ending an outage (OUTAGE_RUN losses in a row)
 *   starts the window, the EWMA and the jitter afresh, so a link that comes back is judged on
 *   what it does now.
 * - Jitter as in RFC 3550 6.4.1: J += (|D| - J) / 16, D the difference between consecutive replies.
 */
export function applySample(prev: PathStat | undefined, key: PathKey, rttUs: number | null, at: number, p: AggregateParams): PathStat {
  // Runs once per probe result (5k/s): plain loops, two small arrays, no closures or spreads, so
  // the probing thread makes little garbage (each young-generation GC pauses it, and a reply read
  // after the pause carries the pause in its RTT).
  const restart = rttUs !== null && prev !== undefined && endsInOutage(prev.window, Math.min(OUTAGE_RUN, Math.max(1, p.window)));
  const old = restart ? [] : (prev?.window ?? []);
  const cap = Math.max(1, p.window);
  const from = Math.max(0, old.length + 1 - cap);
  const window = new Array<number | null>(old.length + 1 - from);
  const replies: number[] = [];
  for (let i = from; i < old.length; i++) {
    const v = old[i]!;
    window[i - from] = v;
    if (v !== null) insertSorted(replies, v);
  }
  window[window.length - 1] = rttUs;
  if (rttUs !== null) insertSorted(replies, rttUs);
  const last = restart ? null : (prev?.lastRttUs ?? null);
  let ewma = restart ? null : (prev?.ewmaRttUs ?? null);
  let jitter = restart ? 0 : (prev?.jitterUs ?? 0);
  if (rttUs !== null) {
    ewma = ewma === null ? rttUs : ewma + p.ewmaAlpha * (rttUs - ewma);
    if (last !== null) jitter += (Math.abs(rttUs - last) - jitter) / 16;
  }
  return {
    prefix: key.prefix,
    prefixLength: key.prefixLength,
    provider: key.provider,
    kind: key.kind,
    ewmaRttUs: ewma,
    medianRttUs: medianOfSorted(replies),
    lossRatio: (window.length - replies.length) / window.length,
    jitterUs: jitter,
    sampleCount: (prev?.sampleCount ?? 0) + 1,
    lastRttUs: rttUs ?? last,
    window,
    updatedAt: at,
  };
}

/** The window's last `run` results were all losses (a window shorter than OUTAGE_RUN: all of it). */
function endsInOutage(window: readonly (number | null)[], run: number): boolean {
  if (window.length < run) return false;
  for (let i = window.length - run; i < window.length; i++) if (window[i] !== null) return false;
  return true;
}

function insertSorted(sorted: number[], v: number): void {
  let i = sorted.length;
  sorted.push(v);
  while (i > 0 && sorted[i - 1]! > v) {
    sorted[i] = sorted[i - 1]!;
    i--;
  }
  sorted[i] = v;
}

function medianOfSorted(s: readonly number[]): number | null {
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
