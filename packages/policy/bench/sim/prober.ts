/**
 * The measurement worker, modelled: which path is probed when (the scheduler), what each probe
 * returns (the true delay with per-packet jitter and the testbed's timing error), and the sample
 * windows it keeps per path and per /24 (/48) aggregate, one per probe kind, as packages/measure
 * and storage do (migration 4): the policy reads, per path, the kind whose latest sample is newest.
 * A reply is known at once (RTTs are tiny next to a cycle); a loss only after the probe timeout.
 */
import { gaussian } from "../model.js";
import type { World } from "./world.js";

/** packages/measure's aggregate.ts OUTAGE_RUN (the policy may not import measure). */
const OUTAGE_RUN = 5;

export interface ProbeSettings {
  /** A settled source's path is probed every this many ms (±10 %): one probe cycle. */
  intervalMs: number;
  /** An unsettled source's paths are probed this many times as often (1: no preference). */
  uncertainBoost: number;
  /** Re-probes after a surprising result (a loss after a reply, an RTT far off the path's level), one tick apart. */
  surpriseProbes: number;
  /** Samples kept per path (aggregate.window). */
  window: number;
  /** ICMP losses in a row before a path tries TCP (schedule.fallbackAfterLosses). */
  fallbackAfterLosses: number;
  /** A lost probe is known (recorded, and can surprise) this long after it was sent. */
  timeoutMs: number;
  tickMs: number;
}

/** Timing error of one sample, ms: p95 ≈ 0.4 ms, as the issue measured dnsteer on the testbed. */
function timingErrorMs(rand: () => number): number {
  return 0.1 + 0.15 * Math.abs(gaussian(rand));
}

export class Prober {
  readonly P: number;
  readonly paths: number;
  /** Per kind (0 ICMP, 1 TCP). */
  readonly own: [KindWindows, KindWindows];
  readonly aggregates: [KindWindows, KindWindows];
  readonly linkDown: Uint8Array;
  /** Per source, as last read from the stored decisions. */
  readonly settled: Uint8Array;
  probes = 0;
  private readonly icmpLosses: Uint8Array;
  private readonly tcp: Uint8Array;
  private readonly surprise: Surprise;
  /** Results still expected from the path's current burst of re-probes. */
  private readonly burst: Uint8Array;
  /** Timing wheel of regular probes: bucket heads and a next pointer per path. */
  private readonly buckets: Int32Array;
  private readonly nextInBucket: Int32Array;
  /** Re-probes and pending losses per bucket (rare: plain arrays). */
  private readonly reprobes: number[][];
  private readonly losses: { path: number; kind: 0 | 1; held: boolean }[][];

  constructor(
    private readonly w: World,
    private readonly s: ProbeSettings,
    horizonMs: number,
    private readonly rand: () => number,
  ) {
    this.P = w.providers.length;
    this.paths = w.count * this.P;
    const aggPaths = w.aggregateKeys.length * this.P;
    this.own = [new KindWindows(this.paths, s.window), new KindWindows(this.paths, s.window)];
    this.aggregates = [new KindWindows(aggPaths, s.window), new KindWindows(aggPaths, s.window)];
    this.linkDown = new Uint8Array(this.P);
    this.settled = new Uint8Array(w.count);
    this.icmpLosses = new Uint8Array(this.paths);
    this.tcp = new Uint8Array(this.paths);
    this.surprise = new Surprise(this.paths);
    this.burst = new Uint8Array(this.paths);
    const buckets = Math.ceil((horizonMs + s.timeoutMs) / s.tickMs) + 2;
    this.buckets = new Int32Array(buckets).fill(-1);
    this.nextInBucket = new Int32Array(this.paths).fill(-1);
    this.reprobes = Array.from({ length: buckets }, () => []);
    this.losses = Array.from({ length: buckets }, () => []);
    // Every path is due in the first cycle, spread out (the worker starts them all, paced by its budget).
    for (let path = 0; path < this.paths; path++) this.schedule(path, rand() * s.intervalMs);
  }

  /** Runs every result and probe due in (fromMs, toMs]. */
  advance(fromMs: number, toMs: number): void {
    for (let b = Math.floor(fromMs / this.s.tickMs) + 1; b <= Math.floor(toMs / this.s.tickMs); b++) {
      const at = b * this.s.tickMs;
      for (const { path, kind, held } of this.losses[b]!) this.result(path, kind, NaN, at, held);
      this.losses[b] = [];
      for (const path of this.reprobes[b]!) this.send(path, at);
      this.reprobes[b] = [];
      let path = this.buckets[b]!;
      this.buckets[b] = -1;
      while (path >= 0) {
        const next = this.nextInBucket[path]!;
        this.send(path, at);
        this.schedule(path, at + this.interval(path));
        path = next;
      }
    }
  }

  private bucketOf(atMs: number): number {
    return Math.min(this.buckets.length - 1, Math.max(0, Math.ceil(atMs / this.s.tickMs)));
  }

  private schedule(path: number, atMs: number): void {
    const b = this.bucketOf(atMs);
    this.nextInBucket[path] = this.buckets[b]!;
    this.buckets[b] = path;
  }

  private interval(path: number): number {
    const source = (path / this.P) | 0;
    const interval = this.s.intervalMs * (1 + 0.1 * (2 * this.rand() - 1));
    return this.s.uncertainBoost > 1 && !this.settled[source] ? interval / this.s.uncertainBoost : interval;
  }

  private send(path: number, at: number): void {
    this.probes++;
    const source = (path / this.P) | 0;
    const p = path - source * this.P;
    const w = this.w;
    // IPv6 is probed by TCP only; IPv4 by ICMP until a silent resolver's k losses move it to TCP.
    const kind = w.family[source] === 6 || this.tcp[path] ? 1 : 0;
    let lost = this.linkDown[p] === 1;
    let held = false;
    if (!lost && kind === 0 && w.silent[source] === 1) {
      // The measure side's KindChooser holds a never-answering kind's losses and drops them when
      // the TCP trial answers: a silent resolver's ICMP losses never reach its windows (they still
      // surprise the scheduler into re-probes).
      lost = held = true;
      if (++this.icmpLosses[path]! >= this.s.fallbackAfterLosses) this.tcp[path] = 1;
    }
    if (lost) this.losses[this.bucketOf(at + this.s.timeoutMs)]!.push({ path, kind, held });
    else this.result(path, kind, w.delays[path]! * (1 + w.jitter[source]! * (2 * this.rand() - 1)) + timingErrorMs(this.rand), at);
  }

  private result(path: number, kind: 0 | 1, rtt: number, at: number, held = false): void {
    const source = (path / this.P) | 0;
    if (!held) {
      this.own[kind].record(path, rtt, at);
      this.aggregates[kind].record(this.w.aggregateOf[source]! * this.P + (path - source * this.P), rtt, at);
    }
    const surprising = this.surprise.observe(path, rtt);
    if (this.burst[path]! > 0) {
      this.burst[path] = this.burst[path]! - 1;
      return;
    }
    if (!surprising || this.s.surpriseProbes <= 0) return;
    this.burst[path] = this.s.surpriseProbes;
    for (let i = 1; i <= this.s.surpriseProbes; i++) this.reprobes[this.bucketOf(at + i * this.s.tickMs)]!.push(path);
  }
}

/** The scheduler's SurpriseTracker (packages/measure/src/surprise.ts), for every path in flat arrays. */
class Surprise {
  private readonly level: Float64Array;
  private readonly deviation: Float64Array;
  private readonly seen: Uint16Array;
  private readonly lastLost: Uint8Array;

  constructor(paths: number) {
    this.level = new Float64Array(paths);
    this.deviation = new Float64Array(paths);
    this.seen = new Uint16Array(paths);
    this.lastLost = new Uint8Array(paths);
  }

  observe(path: number, rtt: number): boolean {
    if (Number.isNaN(rtt)) {
      const surprising = this.lastLost[path] === 0;
      this.lastLost[path] = 1;
      return surprising;
    }
    this.lastLost[path] = 0;
    const n = this.seen[path]!;
    const level = this.level[path]!;
    const off = Math.abs(rtt - level);
    const surprising = n >= 3 && off > Math.max(4 * this.deviation[path]!, 0.1 * level);
    if (n === 0) this.level[path] = rtt;
    else {
      this.level[path] = level + 0.25 * (rtt - level);
      this.deviation[path] = this.deviation[path]! + 0.25 * (off - this.deviation[path]!);
    }
    this.seen[path] = Math.min(65535, n + 1);
    return surprising;
  }
}

/** One probe kind's ring windows (NaN = lost) and the time of each path's latest sample. */
export class KindWindows {
  readonly win: Float64Array;
  readonly len: Uint8Array;
  readonly head: Uint16Array;
  readonly updatedAt: Float64Array;
  /** Losses in a row at the end of each path's window. */
  private readonly lostRun: Uint8Array;

  constructor(
    paths: number,
    readonly size: number,
  ) {
    this.win = new Float64Array(paths * size);
    this.len = new Uint8Array(paths);
    this.head = new Uint16Array(paths);
    this.updatedAt = new Float64Array(paths).fill(-1);
    this.lostRun = new Uint8Array(paths);
  }

  record(path: number, rtt: number, at: number): void {
    const W = this.size;
    // packages/measure's OUTAGE_RUN: a reply after that many losses in a row starts the window afresh.
    if (Number.isNaN(rtt)) this.lostRun[path] = Math.min(255, this.lostRun[path]! + 1);
    else {
      if (this.lostRun[path]! >= Math.min(OUTAGE_RUN, W)) {
        this.len[path] = 0;
        this.head[path] = 0;
      }
      this.lostRun[path] = 0;
    }
    this.win[path * W + this.head[path]!] = rtt;
    this.head[path] = (this.head[path]! + 1) % W;
    if (this.len[path]! < W) this.len[path] = this.len[path]! + 1;
    this.updatedAt[path] = at;
  }
}

/** The kind storage's path_stats view picks: newest latest sample, then the longer window, then ICMP. */
export function newestKind(kinds: readonly [KindWindows, KindWindows], path: number): KindWindows {
  const [icmp, tcp] = kinds;
  if (tcp.updatedAt[path]! > icmp.updatedAt[path]!) return tcp;
  if (tcp.updatedAt[path] === icmp.updatedAt[path] && tcp.len[path]! > icmp.len[path]!) return tcp;
  return icmp;
}
