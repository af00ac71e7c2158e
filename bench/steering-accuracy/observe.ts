// What every resolver address is answered with, over time: a real DNS query from the resolver's own
// address in the resolvers namespace (dnsteer sees that address as the source, as from an L-DNS),
// to a provider address whose link is up. The decisions table is read only to explain (levels,
// causes), never for the answer.
import { Store } from "@dnsteer/storage";
import { type Src, STEERED, type World } from "./world.js";

/** One poll: the provider each source was answered with ("none: …" when no answer came). */
export interface Snapshot {
  at: number;
  answers: string[];
}

/** A stored decision as far as the report needs it. */
export interface DecisionView {
  provider: string;
  level: string;
  cause: string;
  since: number | undefined;
}

export class Observer {
  readonly history: Snapshot[] = [];
  /** Per source: every (time, level, cause, provider) the stored decision went through. */
  readonly decisionLog: Array<Array<{ at: number } & DecisionView>>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly index: Map<string, number>;

  constructor(
    private readonly w: World,
    private readonly pollMs: number,
  ) {
    this.decisionLog = w.sources.map(() => []);
    this.index = new Map(w.sources.map((s, i) => [s.address, i]));
  }

  /**
   * Polls at a fixed rate: each poll starts `pollMs` after the previous one started (at once when
   * that one took longer). A poll takes as long as the slowest path's delay (the queries cross
   * the delay router), so waiting `pollMs` after each one ended made the period 0.35-0.4 cycles
   * and every "moved after" late by up to that much: the harness's own error, not the product's.
   */
  start(): void {
    let due = Date.now();
    const tick = async () => {
      due += this.pollMs;
      this.running = this.poll().catch((err: unknown) => {
        console.error(`poll failed: ${String(err)}`);
      });
      await this.running;
      if (this.timer !== undefined) this.timer = setTimeout(tick, Math.max(0, due - Date.now()));
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  latest(): Snapshot | undefined {
    return this.history[this.history.length - 1];
  }

  /** Resolves with the first snapshot taken after now. */
  async next(): Promise<Snapshot> {
    const n = this.history.length;
    while (this.history.length <= n) await sleep(20);
    return this.history[n]!;
  }

  sourceIndex(src: Src): number {
    return this.index.get(src.address)!;
  }

  private async poll(): Promise<void> {
    const down = this.w.tb.linksDown;
    const server = (s: Src) => {
      const p = this.w.tb.providers.find((x) => !down.has(x.name)) ?? this.w.tb.providers[0]!;
      return s.family === 4 ? p.v4 : p.v6;
    };
    const at = Date.now();
    const replies = await this.w.tb.query(
      this.w.sources.map((s) => ({ source: s.address, server: server(s), name: STEERED, type: "A" as const })),
      1500,
    );
    const answers = replies.map((r) =>
      "error" in r ? `none: ${r.error}` : r.addresses[0] === undefined ? `none: rcode ${r.rcode}` : this.w.providerOf(r.addresses[0]),
    );
    this.history.push({ at, answers });
    this.readDecisions(at);
  }

  private readDecisions(at: number): void {
    let store: Store;
    try {
      store = Store.open(this.w.dbPath, { readonly: true });
    } catch {
      return; // not created yet
    }
    try {
      for (const d of store.listDecisions()) {
        const i = this.index.get(d.source.slice(0, d.source.lastIndexOf("/")));
        if (i === undefined) continue;
        const log = this.decisionLog[i]!;
        const last = log[log.length - 1];
        const view = { provider: d.provider, level: d.level, cause: d.reason.cause, since: d.state.since };
        if (!last || last.provider !== view.provider || last.level !== view.level || last.cause !== view.cause) log.push({ at, ...view });
      }
    } finally {
      store.close();
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
