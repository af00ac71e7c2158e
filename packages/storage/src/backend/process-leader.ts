import { EventEmitter } from "node:events";
import type { LeaderElection } from "./leader.js";

/** Names held in this process, per store file: SQLite runs its decider in one process, so this is the whole election. */
const held = new Set<string>();

/**
 * SQLite's leader election: trivially this process (one host, one decider), but still at most
 * one holder per (file, name) among the electors of this process, so the decider's code path is
 * the same as on PostgreSQL. Never "lost": there is no session to lose.
 */
export class ProcessLeaderElection extends EventEmitter implements LeaderElection {
  private holding = false;
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
    this.holding = true;
    return true;
  }

  holds(): boolean {
    return this.holding;
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
