import { type ControlOptions, type ControlOutcome, decideOnceOn } from "@dnsteer/control";
import { type LeaderElection, StorageError, type StoreBackend } from "@dnsteer/storage";

/** What the loop tells its owner: each evaluation, each failure, and leadership won or lost. */
export interface DeciderEvents {
  decided(outcome: ControlOutcome): void;
  failed(err: unknown): void;
  leading(): void;
  lost(reason: string): void;
  /** The database refused a write of this decider's term: a successor was elected; it has stepped down. */
  fenced(message: string): void;
}

/** Counts since start, for /metrics. */
export interface DeciderCounts {
  evaluations: number;
  failures: number;
  fencedWrites: number;
}

/**
 * The decider of a shared store: every `intervalMs` it tries to hold the "decider" election
 * (never waiting: a standby just tries again next time) and evaluates only while it holds it,
 * so at most one decider writes decisions, and a standby takes over at its first evaluation
 * after the leader's database session died (PostgreSQL frees the advisory lock with it). Its
 * writes carry the term's fence: one the database refuses (FENCED: it was deposed without
 * noticing yet) ends the term here too — the election is closed, its session with it.
 */
export class LeadingDecider {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private wasLeading = false;
  private readonly election: LeaderElection;
  readonly counts: DeciderCounts = { evaluations: 0, failures: 0, fencedWrites: 0 };

  constructor(
    private readonly backend: StoreBackend,
    private options: ControlOptions,
    private readonly intervalMs: number,
    private readonly events: DeciderEvents,
  ) {
    this.election = backend.leaderElection("decider");
    this.election.on("lost", (reason) => {
      this.wasLeading = false;
      events.lost(reason);
    });
  }

  start(): this {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    void this.tick();
    return this;
  }

  get leading(): boolean {
    return this.election.holds();
  }

  /** The term (fencing epoch) held now; 0 when standing by. */
  get term(): number {
    return this.election.fence()?.epoch ?? 0;
  }

  /** A reloaded policy: the next evaluation runs with it. */
  setOptions(options: ControlOptions): void {
    this.options = options;
  }

  /** One evaluation if none runs; resolves when it is done. */
  tick(): Promise<void> {
    this.running ??= this.evaluate().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async evaluate(): Promise<void> {
    try {
      if (!this.election.holds()) {
        if (!(await this.election.acquire())) return;
      }
      if (!this.wasLeading) {
        this.wasLeading = true;
        this.events.leading();
      }
      this.counts.evaluations++;
      const outcome = await decideOnceOn(this.backend, this.options, Date.now(), () => this.election.holds(), this.election.fence());
      if (outcome.written) this.events.decided(outcome);
    } catch (err) {
      if (err instanceof StorageError && err.code === "FENCED") await this.stepDown(err.message);
      else {
        this.counts.failures++;
        this.events.failed(err);
      }
    }
  }

  private async stepDown(message: string): Promise<void> {
    this.counts.fencedWrites++;
    this.wasLeading = false;
    await this.election.close();
    this.events.fenced(message);
  }

  /** Stops evaluating and gives the election up (a standby takes over at its next try). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.election.close();
  }
}
