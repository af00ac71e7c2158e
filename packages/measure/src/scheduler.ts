import type { ProbeKind } from "@dnsteer/probe";
import type { AddressPolicy } from "./address-policy.js";
import { MinHeap } from "./heap.js";
import { KindChooser } from "./kind-chooser.js";
import { Pacer } from "./pacer.js";
import { SurpriseTracker } from "./surprise.js";

export interface ScheduleConfig {
  /** Global probe budget, probes per second (hard ceiling, token bucket). */
  budgetPerSec: number;
  /** Bucket capacity: the most probes that may leave back to back after a stall. */
  burst: number;
  /** Spacing jitter between consecutive probes, fraction of the mean gap (0..1). */
  pacingJitter: number;
  /**
   * The interval of a settled, most-demanded source's paths (one probe cycle). Unsettled sources
   * go `uncertainBoost` times as often, and a surprise buys `surpriseProbes` re-probes at once.
   */
  minIntervalMs: number;
  /** Jitter of each path's interval, fraction (0..1), so paths do not fall into lockstep. */
  intervalJitter: number;
  /** The least-demanded target's interval is this many times minIntervalMs (demand ranking). */
  lowDemandStretch: number;
  /** Sources whose last_seen is older than this stop being probed. */
  ageOutMs: number;
  /** Consecutive losses of one kind before trying the other (ICMP <-> TCP). */
  fallbackAfterLosses: number;
  /** Probe kinds in order of preference; IPv6 targets use TCP only. */
  kinds: ProbeKind[];
  /**
   * An unsettled source's paths (its decision not yet sure of the best provider, or no decision
   * yet) are probed this many times as often as a settled source's of the same demand (>= 1).
   * When the intervals ask for more than the budget, all of them stretch alike (fitBudget): the
   * total stays within the budget and the shares stay.
   */
  uncertainBoost: number;
  /**
   * Re-probes sent right after a surprising result on a path (see SurpriseTracker), `surpriseGapMs`
   * apart without waiting for each other's results (a lost one would cost a whole timeout); 0 = none.
   * Default 5: with the first surprising sample, six new samples of the shifted path, which the
   * switching rule's 0.9999 confidence needs on a low-noise path whose challenger is a few ms
   * better (four were not always enough: then the path change waited a cycle for the next sample).
   */
  surpriseProbes: number;
  surpriseGapMs: number;
}

export const DEFAULT_SCHEDULE: ScheduleConfig = {
  budgetPerSec: 100,
  burst: 5,
  pacingJitter: 0.5,
  minIntervalMs: 10_000,
  intervalJitter: 0.1,
  lowDemandStretch: 4,
  ageOutMs: 3_600_000,
  fallbackAfterLosses: 3,
  kinds: ["icmp", "tcp"],
  uncertainBoost: 3,
  surpriseProbes: 5,
  surpriseGapMs: 100,
};

export interface TargetSource {
  address: string;
  family: 4 | 6;
  rate: number;
  lastSeen: number;
  /** Below the host length (an ECS client subnet) there is no one address to probe: skipped. */
  prefixLength?: number;
  aggregateAddress?: string | null;
  aggregatePrefixLength?: number | null;
  /**
   * From the source's stored decision (its state's `settled`): false = its best provider is not yet
   * sure (or it has no decision yet), so its paths get `uncertainBoost` times the probes; absent =
   * not known (no preference).
   */
  settled?: boolean;
}
export interface SchedulerProvider {
  name: string;
  families: readonly (4 | 6)[];
}
export interface ScheduledProbe {
  key: string;
  address: string;
  family: 4 | 6;
  provider: string;
  kind: ProbeKind;
  target: TargetSource;
}
export interface TargetUpdate {
  active: number;
  agedOut: number;
  refused: number;
  subnets: number;
}

interface Path {
  key: string;
  target: TargetSource;
  provider: string;
  dueAt: number;
  intervalMs: number;
  chooser: KindChooser;
  alive: boolean;
  surprise: SurpriseTracker;
  /** Results still expected from the current surprise's re-probes (a surprise among them starts no new burst). */
  burst: number;
}

/** One re-probe owed to a path after a surprise, due at `at`. */
interface Reprobe {
  path: Path;
  at: number;
}

/** Pure scheduling logic: which path to probe next, with which kind, and when. No I/O, no clock. */
export class Scheduler {
  private readonly paths = new Map<string, Path>();
  private readonly queue = new MinHeap<Path>((a, b) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.target.rate > b.target.rate));
  /** Re-probes owed after surprises, by due time: served before the regular queue. */
  private readonly reprobes = new MinHeap<Reprobe>((a, b) => a.at < b.at);
  private readonly pacer: Pacer;
  private providers: SchedulerProvider[] = [];

  constructor(
    private readonly cfg: ScheduleConfig,
    private readonly policy: AddressPolicy,
    now: number,
    private readonly random: () => number = Math.random,
  ) {
    this.pacer = new Pacer(cfg.budgetPerSec, Math.max(1, cfg.burst), cfg.pacingJitter, random, now);
  }

  get size(): number {
    return this.paths.size;
  }

  setProviders(list: readonly SchedulerProvider[]): void {
    this.providers = [...list];
  }

  /**
   * Replaces the target set: ages out silent sources, refuses out-of-policy ones, ranks by demand,
   * and probes unsettled sources `uncertainBoost` times as often.
   */
  updateTargets(sources: readonly TargetSource[], now: number): TargetUpdate {
    const hosts = sources.filter((s) => s.prefixLength === undefined || s.prefixLength === (s.family === 4 ? 32 : 128));
    const fresh = hosts.filter((s) => s.lastSeen >= now - this.cfg.ageOutMs);
    const allowed = fresh.filter((s) => this.policy.allows(s.address));
    const ranked = [...allowed].sort((a, b) => b.rate - a.rate);
    const keep = new Set<string>();
    let above = 0; // targets with a strictly higher rate: equal demand, equal interval
    ranked.forEach((target, rank) => {
      if (rank > 0 && target.rate < ranked[rank - 1]!.rate) above = rank;
      const share = ranked.length > 1 ? above / (ranked.length - 1) : 0;
      const boost = target.settled === false ? Math.max(1, this.cfg.uncertainBoost) : 1;
      const intervalMs = (this.cfg.minIntervalMs * (1 + (this.cfg.lowDemandStretch - 1) * share)) / boost;
      for (const p of this.providers) {
        if (!p.families.includes(target.family)) continue;
        const key = `${target.address}|${p.name}`;
        keep.add(key);
        const existing = this.paths.get(key);
        if (existing) {
          existing.target = target;
          existing.intervalMs = intervalMs;
          continue;
        }
        // No ICMPv6 prober (raw sockets cannot choose an IPv6 source): IPv6 paths use TCP and DNS.
        const kinds = target.family === 6 ? this.cfg.kinds.filter((k) => k !== "icmp") : this.cfg.kinds;
        if (kinds.length === 0) continue;
        const path: Path = {
          key,
          target,
          provider: p.name,
          dueAt: now,
          intervalMs,
          chooser: new KindChooser(kinds, this.cfg.fallbackAfterLosses),
          alive: true,
          surprise: new SurpriseTracker(),
          burst: 0,
        };
        this.paths.set(key, path);
        this.queue.push(path);
      }
    });
    for (const [key, path] of this.paths) {
      if (!keep.has(key)) {
        path.alive = false;
        this.paths.delete(key);
      }
    }
    this.fitBudget();
    return {
      active: ranked.length,
      agedOut: hosts.length - fresh.length,
      refused: fresh.length - allowed.length,
      subnets: sources.length - hosts.length,
    };
  }

  /**
   * When the paths' intervals ask for more probes than the budget, every interval stretches by the
   * same factor: the schedule fits the budget and unsettled sources keep their larger share. (Left
   * to the pacer alone, every path would wait the same backlog and the shares would even out.)
   */
  private fitBudget(): void {
    let perSec = 0;
    for (const path of this.paths.values()) perSec += 1000 / path.intervalMs;
    const factor = perSec / this.cfg.budgetPerSec;
    if (factor > 1) for (const path of this.paths.values()) path.intervalMs *= factor;
  }

  /** The next probe to send now, or how long to wait before asking again. Re-probes of a surprise go first. */
  next(now: number): ScheduledProbe | { waitMs: number } {
    while (this.reprobes.size > 0 && !this.reprobes.peek()!.path.alive) this.reprobes.pop();
    while (this.queue.size > 0 && !this.queue.peek()!.alive) this.queue.pop();
    const reprobe = this.reprobes.peek();
    const head = this.queue.peek();
    if (!reprobe && !head) return { waitMs: 1000 };
    const dueAt = Math.min(reprobe?.at ?? Infinity, head?.dueAt ?? Infinity);
    const wait = Math.max(this.pacer.waitMs(now), dueAt - now);
    if (wait > 0) return { waitMs: wait };
    this.pacer.take(now);
    if (reprobe && reprobe.at <= now) {
      this.reprobes.pop();
      return this.probeOf(reprobe.path);
    }
    this.queue.pop();
    const spread = 1 + this.cfg.intervalJitter * (2 * this.random() - 1);
    head!.dueAt = now + head!.intervalMs * spread;
    this.queue.push(head!);
    return this.probeOf(head!);
  }

  /**
   * Feeds a probe's outcome back at `now`: ICMP <-> TCP fallback, and surprise re-probes (`rttUs`
   * of a reply, when known). Returns how many losses the caller records for the path now (before
   * the reply, if any): a loss of a kind the target may simply not answer is held until the other
   * kind tells (KindChooser); `certain` losses (the send failed) never wait. An unknown or removed
   * path records a loss as it comes.
   */
  report(probe: ScheduledProbe, replied: boolean, rttUs?: number, now = 0, certain = false): number {
    const path = this.paths.get(probe.key);
    if (!path) return replied ? 0 : 1;
    const losses = path.chooser.report(probe.kind, replied, certain);
    const surprising = path.surprise.observe(replied ? (rttUs ?? NaN) : null);
    if (path.burst > 0) {
      path.burst--;
      return losses;
    }
    if (!surprising || this.cfg.surpriseProbes <= 0) return losses;
    path.burst = this.cfg.surpriseProbes;
    for (let i = 1; i <= this.cfg.surpriseProbes; i++) this.reprobes.push({ path, at: now + i * this.cfg.surpriseGapMs });
    return losses;
  }

  private probeOf(path: Path): ScheduledProbe {
    const t = path.target;
    return { key: path.key, address: t.address, family: t.family, provider: path.provider, kind: path.chooser.next(), target: t };
  }

  currentKind(address: string, provider: string): ProbeKind | undefined {
    return this.paths.get(`${address}|${provider}`)?.chooser.current;
  }
}
