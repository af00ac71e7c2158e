import type { ProbeKind } from "@dnsteer/probe";
import type { AddressPolicy } from "./address-policy.js";
import { MinHeap } from "./heap.js";
import { KindChooser } from "./kind-chooser.js";
import { Pacer } from "./pacer.js";

export interface ScheduleConfig {
  /** Global probe budget, probes per second (hard ceiling, token bucket). */
  budgetPerSec: number;
  /** Bucket capacity: the most probes that may leave back to back after a stall. */
  burst: number;
  /** Spacing jitter between consecutive probes, fraction of the mean gap (0..1). */
  pacingJitter: number;
  /** No path (target, provider) is probed more often than this. */
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
}

export const DEFAULT_SCHEDULE: ScheduleConfig = {
  budgetPerSec: 100, burst: 5, pacingJitter: 0.5, minIntervalMs: 10_000, intervalJitter: 0.1,
  lowDemandStretch: 4, ageOutMs: 3_600_000, fallbackAfterLosses: 3, kinds: ["icmp", "tcp"],
};

export interface TargetSource {
  address: string; family: 4 | 6; rate: number; lastSeen: number;
  /** Below the host length (an ECS client subnet) there is no one address to probe: skipped. */
  prefixLength?: number;
  aggregateAddress?: string | null; aggregatePrefixLength?: number | null;
}
export interface SchedulerProvider { name: string; families: readonly (4 | 6)[] }
export interface ScheduledProbe { key: string; address: string; family: 4 | 6; provider: string; kind: ProbeKind; target: TargetSource }
export interface TargetUpdate { active: number; agedOut: number; refused: number; subnets: number }

interface Path { key: string; target: TargetSource; provider: string; dueAt: number; intervalMs: number; chooser: KindChooser; alive: boolean }

/** Pure scheduling logic: which path to probe next, with which kind, and when. No I/O, no clock. */
export class Scheduler {
  private readonly paths = new Map<string, Path>();
  private readonly queue = new MinHeap<Path>((a, b) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.target.rate > b.target.rate));
  private readonly pacer: Pacer;
  private providers: SchedulerProvider[] = [];

  constructor(private readonly cfg: ScheduleConfig, private readonly policy: AddressPolicy, now: number, private readonly random: () => number = Math.random) {
    this.pacer = new Pacer(cfg.budgetPerSec, Math.max(1, cfg.burst), cfg.pacingJitter, random, now);
  }

  get size(): number { return this.paths.size; }

  setProviders(list: readonly SchedulerProvider[]): void { this.providers = [...list]; }

  /** Replaces the target set: ages out silent sources, refuses out-of-policy ones, ranks by demand. */
  updateTargets(sources: readonly TargetSource[], now: number): TargetUpdate {
    const hosts = sources.filter((s) => s.prefixLength === undefined || s.prefixLength === (s.family === 4 ? 32 : 128));
    const fresh = hosts.filter((s) => s.lastSeen >= now - this.cfg.ageOutMs);
    const allowed = fresh.filter((s) => this.policy.allows(s.address));
    const ranked = [...allowed].sort((a, b) => b.rate - a.rate);
    const keep = new Set<string>();
    ranked.forEach((target, rank) => {
      const share = ranked.length > 1 ? rank / (ranked.length - 1) : 0;
      const intervalMs = this.cfg.minIntervalMs * (1 + (this.cfg.lowDemandStretch - 1) * share);
      for (const p of this.providers) {
        if (!p.families.includes(target.family)) continue;
        const key = `${target.address}|${p.name}`;
        keep.add(key);
        const existing = this.paths.get(key);
        if (existing) { existing.target = target; existing.intervalMs = intervalMs; continue; }
        const kinds = target.family === 6 ? this.cfg.kinds.filter((k) => k === "tcp") : this.cfg.kinds;
        if (kinds.length === 0) continue;
        const path = { key, target, provider: p.name, dueAt: now, intervalMs, chooser: new KindChooser(kinds, this.cfg.fallbackAfterLosses), alive: true };
        this.paths.set(key, path);
        this.queue.push(path);
      }
    });
    for (const [key, path] of this.paths) {
      if (!keep.has(key)) { path.alive = false; this.paths.delete(key); }
    }
    return { active: ranked.length, agedOut: hosts.length - fresh.length, refused: fresh.length - allowed.length, subnets: sources.length - hosts.length };
  }

  /** The next probe to send now, or how long to wait before asking again. */
  next(now: number): ScheduledProbe | { waitMs: number } {
    while (this.queue.size > 0 && !this.queue.peek()!.alive) this.queue.pop();
    const head = this.queue.peek();
    if (!head) return { waitMs: 1000 };
    const wait = Math.max(this.pacer.waitMs(now), head.dueAt - now);
    if (wait > 0) return { waitMs: wait };
    this.queue.pop();
    this.pacer.take(now);
    const spread = 1 + this.cfg.intervalJitter * (2 * this.random() - 1);
    head.dueAt = now + Math.max(this.cfg.minIntervalMs, head.intervalMs * spread);
    this.queue.push(head);
    const t = head.target;
    return { key: head.key, address: t.address, family: t.family, provider: head.provider, kind: head.chooser.next(), target: t };
  }

  /** Feeds a probe's outcome back (for ICMP <-> TCP fallback). Unknown or removed paths are ignored. */
  report(probe: ScheduledProbe, replied: boolean): void {
    this.paths.get(probe.key)?.chooser.report(probe.kind, replied);
  }

  currentKind(address: string, provider: string): ProbeKind | undefined {
    return this.paths.get(`${address}|${provider}`)?.chooser.current;
  }
}
