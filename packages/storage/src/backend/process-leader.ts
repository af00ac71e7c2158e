import { EventEmitter } from "node:events";
import type { LeaderElection, LeaderFence } from "./leader.js";

/** Names held in this process, per store file: SQLite runs its decider in one process, so this is the whole election. */
const held = new Set<string>();
/** Terms won per (file, name) in this process: the epochs of ProcessLeaderElection's fences. */
const terms = new Map<string, number>();

/**
 * SQLite's leader election: trivially this process (one host, one decider), but still at most
 * one holder per (file, name) among the electors of this process, so the decider's code path is
 * the same as on PostgreSQL. Never "lost": there is no session to lose. Its fence is not checked
 * by SQLite's writes: one process decides, so no deposed leader can still be writing.
 */
export class ProcessLeaderElection extends EventEmitter implements LeaderElection {
  private holding = false;
  private epoch = 0;
  private readonly key: string;

  constructor(
    scope: string,
    readonly name: string,
  ) {
    super();
    this.key = `${scope}\0${name}`;
  }

  async acquire(): Promise<boolean> {
    if (this.holding) return true;
    if (held.has(this.key)) return false;
    held.add(this.key);
    this.epoch = (terms.get(this.key) ?? 0) + 1;
    terms.set(this.key, this.epoch);
    this.holding = true;
    return true;
  }

  holds(): boolean {
    return this.holding;
  }

  fence(): LeaderFence | undefined {
    return this.holding ? { name: this.name, epoch: this.epoch } : undefined;
  }

  async release(): Promise<void> {
    if (!this.holding) return;
    held.delete(this.key);
    this.holding = false;
  }

  async close(): Promise<void> {
    await this.release();
  }
}
