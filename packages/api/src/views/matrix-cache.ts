import { DashboardReads, type Store } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import { MatrixBuilder, type MatrixTable } from "./matrix.js";
import { providerViews } from "./providers.js";

/** Rows read (or finished) between two returns to the event loop: ~5-20 ms of work (30-60 ms on a 2-core box at load 12). */
const CHUNK_ROWS = 1000;
/** Rebuilt no sooner than this after the last build started, however often the store changes. */
const MIN_AGE_MS = 5000;
/** ...and no sooner than this many times the last build's wall time: building takes at most ~1/10 of the process. */
const AGE_PER_BUILD_MS = 10;
/**
 * A store of at most this many rows (paths + sources + decisions) is small: its table is rebuilt
 * whenever the store changed and awaited (a test's store, a fresh install), never answered
 * "building" or stale.
 */
const SMALL_ROWS = 20_000;

export interface BuildProgress {
  /** Rows read and finished so far, and the rows expected (paths, sources and decisions, twice: read, then finished). */
  done: number;
  expected: number;
  startedAt: number;
}

/** What a route can answer now: the latest table (null before the first build) and the build in progress. */
export interface MatrixState {
  table: MatrixTable | null;
  building: BuildProgress | null;
}

/**
 * The latency matrix and the per-provider sums built from the same read (provider health, the
 * shares), kept for the API's routes. A build reads the store a chunk at a time and returns to
 * the event loop between chunks, so every other request is answered while 100k sources are read;
 * until the first build ends the routes answer "building" (with progress), afterwards they answer
 * from the latest table while a newer one builds. A build starts when the API is ready, and again
 * when the store's version changed (SQLite's data_version for the worker's and analyzer's writes,
 * the decisions counter) but not more often than above; a changed provider list starts one at once.
 */
export class MatrixCache {
  private table: MatrixTable | null = null;
  private progress: BuildProgress | null = null;
  private build: Promise<MatrixTable | null> | null = null;
  private version = "";
  private lastStart = 0;
  private lastWallMs = 0;
  private lastRows = 0;
  private closed = false;
  private held: Promise<void> | null = null;
  private readonly reads: DashboardReads;

  constructor(
    private readonly store: Store,
    private readonly providers: () => string[],
    private readonly now: () => number,
    private readonly onError: (error: unknown) => void,
    downAfterLosses: number,
  ) {
    this.reads = new DashboardReads(store.db, downAfterLosses);
  }

  /** The table now, starting a build if the store or the provider list changed (see above). */
  state(): MatrixState {
    const providers = this.providers();
    const version = `${this.store.dataVersion()}:${this.store.decisionsVersion()}:${this.reads.ownChanges()}`;
    const now = performance.now();
    const changedProviders = this.table !== null && this.table.providers.join(",") !== providers.join(",");
    const paced = this.lastRows > SMALL_ROWS && now - this.lastStart < Math.max(MIN_AGE_MS, AGE_PER_BUILD_MS * this.lastWallMs);
    const due = this.table === null || changedProviders || (version !== this.version && !paced);
    if (due && this.build === null && !this.closed) this.start(providers, version);
    return { table: this.table, building: this.progress };
  }

  /**
   * The table for a route to answer from: a build in progress is awaited when the store is small,
   * or when there is no table yet and `always` (one provider's health has no "building" answer); otherwise
   * the latest table (null before the first build) with the build's progress.
   */
  async settled(always: boolean): Promise<MatrixState> {
    // A build that started before the latest change (a provider added) is followed by another: at most twice.
    for (let round = 0; round < 2; round++) {
      const s = this.state();
      if (s.building === null || this.build === null) return s;
      if (s.building.expected > 2 * SMALL_ROWS && !(always && s.table === null)) return s;
      await this.build;
    }
    return this.state();
  }

  /** Resolves when no build is in progress (the one running now has ended, kept or dropped). */
  async idle(): Promise<void> {
    while (this.build !== null) await this.build;
  }

  /**
   * For tests: builds stop before their next chunk until the returned function is called, so a
   * test can see what the routes answer while the first build runs without depending on speed.
   */
  hold(): () => void {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.held = held;
    return () => {
      if (this.held === held) this.held = null;
      release();
    };
  }

  /** Ends a build in progress at its next chunk (its rows are dropped) and starts no other. */
  close(): void {
    this.closed = true;
  }

  private start(providers: string[], version: string): void {
    const startedAt = this.now();
    this.lastStart = performance.now();
    this.version = version;
    const sizes = this.reads.tableSizes();
    this.lastRows = sizes.paths + sizes.sources + sizes.decisions;
    const progress: BuildProgress = { done: 0, expected: 2 * this.lastRows, startedAt };
    this.progress = progress;
    const wall = performance.now();
    this.build = this.run(providers, progress)
      .then(
        (table) => {
          if (table !== null) this.table = table;
          return table;
        },
        (error: unknown) => {
          if (!this.closed) this.onError(error);
          return null;
        },
      )
      .finally(() => {
        this.lastWallMs = performance.now() - wall;
        this.build = null;
        this.progress = null;
      });
  }

  /** Reads every table a chunk at a time, then finishes and ranks, yielding between steps; null once closed. */
  private async run(providers: string[], progress: BuildProgress): Promise<MatrixTable | null> {
    const builder = new MatrixBuilder(providers);
    const phases = [
      (after: number) => this.reads.pathChunk(after, CHUNK_ROWS),
      (after: number) => this.reads.sourceChunk(after, CHUNK_ROWS),
      (after: number) => this.reads.decisionChunk(after, CHUNK_ROWS),
    ] as const;
    for (let phase = 0; phase < phases.length; phase++) {
      let after = 0;
      for (;;) {
        if (!(await this.yielded())) return null;
        const rows = phases[phase]!(after);
        if (rows.length === 0) break;
        if (phase === 0) builder.addPaths(rows as ReturnType<DashboardReads["pathChunk"]>);
        else if (phase === 1) builder.addSources(rows as ReturnType<DashboardReads["sourceChunk"]>);
        else builder.addDecisions(rows as ReturnType<DashboardReads["decisionChunk"]>);
        after = rows[rows.length - 1]![0];
        progress.done += rows.length;
      }
    }
    progress.expected = progress.done * 2;
    for (let finished = false; !finished; progress.done += CHUNK_ROWS) {
      if (!(await this.yielded())) return null;
      finished = builder.finishRows(CHUNK_ROWS);
    }
    for (const _ of builder.rank(CHUNK_ROWS)) if (!(await this.yielded())) return null;
    progress.done = progress.expected;
    return builder.table(this.now());
  }

  /** Back to the event loop (other requests, I/O) for a moment; false once the API closed. */
  private async yielded(): Promise<boolean> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.held !== null && !this.closed) await this.held;
    return !this.closed;
  }
}

/** A build's progress as the routes answer it (`done` can pass the estimate while rows finish). */
export function progressView(building: BuildProgress | null): BuildProgress | null {
  return building && { done: Math.min(building.done, building.expected), expected: building.expected, startedAt: building.startedAt };
}

const caches = new WeakMap<Store, MatrixCache>();

/**
 * The API's one cache for its store (the matrix, provider-health and activity routes share it,
 * each from its own plugin), closed with the API. The first build starts when the API is ready.
 */
export function matrixCacheOf(app: FastifyInstance): MatrixCache {
  const { store, dnsteerConfig: config } = app;
  let cache = caches.get(store);
  if (cache === undefined) {
    const made = new MatrixCache(
      store,
      () => providerViews(store, config).map((p) => p.name),
      () => app.clock.now(),
      (error) => app.log.warn({ err: error }, "latency matrix build failed; the last table is kept"),
      config.policy.downAfterLosses,
    );
    caches.set(store, made);
    app.addHook("onReady", async () => {
      made.state();
    });
    app.addHook("onClose", async () => {
      made.close();
      caches.delete(store);
    });
    cache = made;
  }
  return cache;
}
