/** What admission needs to know about an open connection. */
export interface Admitted {
  /** The client's source prefix (`SourcePrefix.key()`). */
  readonly prefixKey: string;
  /** When the connection last did something useful: opened, a whole query in, an answer out. */
  readonly lastActiveAt: number;
  /** True while it owes its client nothing (no answer waiting to be sent): closing it loses no answer. */
  evictable(): boolean;
}

export interface AdmissionLimits {
  maxConnections: number;
  maxConnectionsPerPrefix: number;
}

/** Admit with room to spare, admit after closing `victim`, or refuse. */
export type Admission<C> = { kind: "admit" } | { kind: "evict"; victim: C } | { kind: "refuse" };

const ADMIT = { kind: "admit" } as const;
const REFUSE = { kind: "refuse" } as const;

/**
 * The open TCP connections, in total and per source prefix, and who makes room when a new one
 * comes in at a cap. Pure bookkeeping: the listener closes the victim.
 *
 * At a cap the least recently active evictable connection goes (RFC 7766 6.2.3 lets a server
 * close idle connections under pressure), so a host holding every slot with connections that
 * never finish a query (slowloris) cannot keep new clients out; a connection still owed answers
 * is never chosen. Only when every connection is owed answers is the new one refused.
 */
export class ConnectionTable<C extends Admitted> {
  private readonly all = new Set<C>();
  private readonly byPrefix = new Map<string, Set<C>>();

  get size(): number {
    return this.all.size;
  }

  /** Whether a connection from `prefixKey` may open, and whom to close first. */
  admit(prefixKey: string, limits: AdmissionLimits): Admission<C> {
    const mine = this.byPrefix.get(prefixKey);
    // The prefix's own cap first: making room there also makes room in the total.
    if (mine && mine.size >= limits.maxConnectionsPerPrefix) return this.evictFrom(mine);
    if (this.all.size >= limits.maxConnections) return this.evictFrom(this.all);
    return ADMIT;
  }

  add(c: C): void {
    this.all.add(c);
    let set = this.byPrefix.get(c.prefixKey);
    if (!set) this.byPrefix.set(c.prefixKey, (set = new Set()));
    set.add(c);
  }

  delete(c: C): void {
    if (!this.all.delete(c)) return;
    const set = this.byPrefix.get(c.prefixKey);
    set?.delete(c);
    if (set?.size === 0) this.byPrefix.delete(c.prefixKey);
  }

  /** Every open connection (for the deadline sweep and for closing all). */
  connections(): IterableIterator<C> {
    return this.all.values();
  }

  private evictFrom(candidates: Set<C>): Admission<C> {
    let victim: C | undefined;
    for (const c of candidates) {
      if (c.evictable() && (victim === undefined || c.lastActiveAt < victim.lastActiveAt)) victim = c;
    }
    return victim ? { kind: "evict", victim } : REFUSE;
  }
}
