import { join } from "node:path";
import type { ProviderInput } from "@dnsteer/storage";
import { SampleOutbox, type Source, type SourceInput, Store } from "@dnsteer/storage";
import { readStateFile, writeStateFile } from "../state-file.js";
import { mirrorDecisions } from "./mirror-decisions.js";
import type { ClusterSettings } from "./settings.js";
import { SharedStore } from "./shared-store.js";

export interface ProbeSiteBridgeOptions {
  settings: ClusterSettings;
  /** The worker's local SQLite file (its store writer thread writes the samples there). */
  database: string;
  dataDir: string;
  providers: readonly ProviderInput[];
  /** Sources not seen for this long are not pulled (the policy's sourceMaxAgeMs). */
  sourceMaxAgeMs: number;
  /**
   * Mirror the shared database's unsettled decisions into the local store (true when this host
   * runs no responder: a responder's bridge mirrors every decision there already). The probing
   * thread reads the local store's unsettled index to probe those sources more.
   */
  mirrorUnsettled?: boolean;
  onError: (what: BridgeStep, err: unknown) => void;
  /** How often it syncs (default 2 s). */
  everyMs?: number;
  /** Samples per shipped batch (default 5000). */
  batch?: number;
  /** An operator's probe request is finished with the answers it has after this long (default 30 s). */
  probeRequestTimeoutMs?: number;
}

/** Probe requests copied to the local store and not answered yet, at most (the worker's runner takes 4 at once). */
const REQUESTS_IN_FLIGHT = 4;

/** The step of a sync round that failed. */
export type BridgeStep = "sources" | "unsettled" | "samples" | "health" | "requests";

/** In dataDir: the probe site's shipping state (its watermark), kept across restarts; read by status and tests. */
export const PROBE_SITE_STATE_FILE = "cluster-probe-site.json";

export interface ProbeSiteState {
  site: string;
  /** Local samples with an id up to this are in the shared database. */
  watermark: number;
  /** Local path aggregates updated up to this time are in the shared database. */
  statsShippedUntil: number;
  /** Samples shipped since this process started, and failed sync rounds. */
  shipped: number;
  failures: number;
  /**
   * Operators' probe requests copied into the local store for the worker to carry out: the
   * shared request id → the local copy's id, until its answer is in the shared database.
   */
  relayed?: Record<string, number>;
  /** Unsettled decisions mirrored at the last round (absent when this host runs a responder, which mirrors them all). */
  unsettled?: number;
  at: number;
}

/**
 * The worker's side of a shared PostgreSQL, every `everyMs`: pull the merged sources (what to
 * probe) into the local store; ship the local samples past the watermark (`SampleOutbox`) with
 * the path aggregates updated since the last ship, one transaction per batch, to
 * `recordSamples(site, ...)`, moving the watermark (saved in `cluster-probe-site.json`) only
 * after a commit; push the providers' health. On a host without a responder it also mirrors the
 * unsettled decisions, which the probing thread probes more. While the database is down nothing moves: the
 * samples wait in the local file (bounded by measure.storage.retentionMs) and are shipped when
 * it is back, none lost and none twice (a batch whose commit was lost in the crash could be
 * sent twice: PostgreSQL then holds it twice; see README).
 */
export class ProbeSiteBridge {
  private readonly shared: SharedStore;
  private readonly store: Store;
  private readonly outbox: SampleOutbox;
  private readonly statePath: string;
  private state: ProbeSiteState;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private providersSynced = false;

  constructor(private readonly opts: ProbeSiteBridgeOptions) {
    this.shared = new SharedStore(opts.settings.url, 2, opts.settings.timeouts);
    this.store = Store.open(opts.database);
    this.outbox = new SampleOutbox(this.store);
    this.statePath = join(opts.dataDir, PROBE_SITE_STATE_FILE);
    const saved = readProbeSiteState(opts.dataDir);
    this.state = {
      site: opts.settings.site,
      watermark: saved?.site === opts.settings.site ? saved.watermark : 0,
      statsShippedUntil: saved?.site === opts.settings.site ? saved.statsShippedUntil : 0,
      relayed: saved?.site === opts.settings.site ? (saved.relayed ?? {}) : {},
      shipped: 0,
      failures: 0,
      at: Date.now(),
    };
  }

  start(): this {
    this.timer = setInterval(() => void this.sync(), this.opts.everyMs ?? 2000);
    this.timer.unref();
    void this.sync();
    return this;
  }

  get current(): Readonly<ProbeSiteState> {
    return this.state;
  }

  /** One round if none runs. */
  sync(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    let what: BridgeStep = "sources";
    try {
      const backend = await this.shared.get();
      if (!this.providersSynced) {
        await backend.syncProviders(this.opts.providers);
        this.providersSynced = true;
      }
      const sources = await backend.listSources({ seenSince: Date.now() - this.opts.sourceMaxAgeMs });
      if (sources.length) this.store.upsertSources(sources.map(sourceInput));
      if (this.opts.mirrorUnsettled) {
        what = "unsettled";
        await this.mirrorUnsettled(backend);
      }
      what = "samples";
      await this.ship(backend);
      what = "health";
      const health = this.store.listProviderHealth();
      if (health.length) await backend.putProviderHealth(health);
      what = "requests";
      await this.relayRequests(backend);
    } catch (err) {
      this.state.failures++;
      this.opts.onError(what, err);
    }
    this.save();
  }

  /**
   * Makes the local decisions the shared unsettled ones (rows settled or gone there are deleted
   * here), so `Store.listUnsettledSources` — the probing thread's index scan — names them as on a
   * responder. Decisions for a provider this host's config does not list are left out (the local
   * table's foreign key; this site cannot probe through it either).
   */
  private async mirrorUnsettled(backend: Awaited<ReturnType<SharedStore["get"]>>): Promise<void> {
    const known = new Set(this.store.listProviders().map((p) => p.name));
    const unsettled = (await backend.listUnsettledDecisions()).filter((d) => known.has(d.provider));
    mirrorDecisions(this.store, unsettled);
    this.state.unsettled = unsettled.length;
  }

  /**
   * Operators' probe requests: each answered local copy's results go to the shared database
   * (`answerProbeRequest`, which finishes the request once every provider was probed from some
   * site); the queued requests this site has not answered are copied into the local store, where
   * the worker's ProbeRequestRunner carries them out through the providers this host has; requests
   * queued past the timeout are finished with what they have.
   */
  private async relayRequests(backend: Awaited<ReturnType<SharedStore["get"]>>): Promise<void> {
    const now = Date.now();
    const timeoutMs = this.opts.probeRequestTimeoutMs ?? 30_000;
    const relayed = (this.state.relayed ??= {});
    for (const [shared, localId] of Object.entries(relayed)) {
      const local = this.store.admin.probeRequests.get(localId);
      if (local?.status === "queued") continue;
      if (local)
        await backend.answerProbeRequest(
          this.opts.settings.site,
          Number(shared),
          { results: local.results ?? [], error: local.error },
          now,
          timeoutMs,
        );
      delete relayed[shared];
      this.save();
    }
    await backend.expireProbeRequests(now, timeoutMs);
    const inFlight = Object.keys(relayed).length;
    if (inFlight >= REQUESTS_IN_FLIGHT) return;
    // The pending list holds the ones in flight too (not answered yet): ask for enough to fill the room.
    for (const r of await backend.pendingProbeRequests(this.opts.settings.site, REQUESTS_IN_FLIGHT + inFlight)) {
      if (relayed[r.id] !== undefined || Object.keys(relayed).length >= REQUESTS_IN_FLIGHT) continue;
      relayed[r.id] = this.store.admin.probeRequests.add(r.address, r.provider, r.requestedBy, now).id;
    }
  }

  private async ship(backend: Awaited<ReturnType<SharedStore["get"]>>): Promise<void> {
    // Every local sample gone past retention and ids started again below the watermark.
    if (this.outbox.newestId() < this.state.watermark) this.state.watermark = 0;
    for (;;) {
      const samples = this.outbox.next(this.state.watermark, this.opts.batch ?? 5000);
      const since = this.state.statsShippedUntil;
      const stats = this.store.listPathKindStats().filter((s) => s.updatedAt > since);
      if (samples.length === 0 && stats.length === 0) return;
      await backend.recordSamples(
        this.opts.settings.site,
        samples.map(({ id: _id, ...s }) => s),
        stats,
      );
      if (samples.length) this.state.watermark = samples[samples.length - 1]!.id;
      for (const s of stats) if (s.updatedAt > this.state.statsShippedUntil) this.state.statsShippedUntil = s.updatedAt;
      this.state.shipped += samples.length;
      this.save();
      if (samples.length < (this.opts.batch ?? 5000)) return;
    }
  }

  private save(): void {
    this.state.at = Date.now();
    writeStateFile(this.statePath, this.state);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.sync().catch(() => undefined);
    await this.shared.close();
    this.store.close();
  }
}

export function readProbeSiteState(dataDir: string): ProbeSiteState | null {
  return readStateFile<ProbeSiteState>(join(dataDir, PROBE_SITE_STATE_FILE));
}

function sourceInput({ updatedAt: _u, ...s }: Source): SourceInput {
  return s;
}
