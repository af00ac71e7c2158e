import { join } from "node:path";
import { DecisionMapFollower, MapCacheFile, type SourceInput, type Store } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { applyDecisionChanges, mirrorDecisions } from "./mirror-decisions.js";
import type { ClusterSettings } from "./settings.js";
import { SharedStore } from "./shared-store.js";

export interface ResponderBridgeOptions {
  settings: ClusterSettings;
  /** The responder's local SQLite store: its decisions are made the shared ones. */
  store: Store;
  dataDir: string;
  /** A failed demand report, map read or mirror (the caller logs it rate-limited). */
  onError: (what: "demand" | "map", err: unknown) => void;
  /**
   * A new map from the database, mirrored locally: `changed` rows, read whole (`full`: the first
   * time, or when the database could not tell the changes) or only the changes since the last.
   */
  onMirrored?: (version: number, changed: number, full: boolean) => void;
  /** How often the map's version is checked (confirming it current) or a lost database retried; default 2 s. */
  checkMs?: number;
}

/** Where the responder keeps the last map it had, to start from when the database is down. */
export const MAP_CACHE_FILE = "decision-map.json";

/**
 * The responder's side of a shared PostgreSQL. Demand: each flow flush's selection is
 * reported as this responder's (`reportDemand`); a failed report is not retried, the next
 * flush reports the then-current demand again (demand is state, not events). Decisions:
 * `DecisionMapFollower` follows the map (NOTIFY plus a version check every `checkMs`), keeps it
 * in `decision-map.json`, and each new version's changes (everything the first time) are
 * mirrored into the local store,
 * where the refresh thread picks them up as on one host. When the database is unreachable the
 * local decisions keep being served and `stalenessMs` grows.
 */
export class ResponderBridge {
  /** Demand reports that failed (the database unreachable or refusing). */
  demandFailures = 0;
  demandReports = 0;
  private reporting = false;
  private closed = false;
  private mirroring: Promise<void> = Promise.resolve();
  /** The shared map version the local decisions are at (-1: not mirrored yet, read everything). */
  private mirrored = -1;
  private readonly shared: SharedStore;

  private constructor(
    private readonly opts: ResponderBridgeOptions,
    private follower: DecisionMapFollower | undefined,
  ) {
    this.shared = new SharedStore(opts.settings.url, 2, opts.settings.timeouts);
  }

  static async start(opts: ResponderBridgeOptions): Promise<ResponderBridge> {
    const bridge = new ResponderBridge(opts, undefined);
    bridge.follower = await DecisionMapFollower.start(
      () => PgBackend.open(opts.settings.url, { poolSize: 2, timeouts: opts.settings.timeouts }),
      {
        cache: new MapCacheFile(join(opts.dataDir, MAP_CACHE_FILE)),
        checkMs: opts.checkMs ?? 2000,
        onError: (err) => opts.onError("map", err),
        // From the cache (the database down at boot): the local store already holds those decisions.
        onMap: (map, from) => {
          if (from === "database") bridge.mirror(map.version);
        },
      },
    );
    return bridge;
  }

  /** The flow flush's batch: reported as this responder's demand; a report still running skips this one. */
  reportDemand(rows: SourceInput[]): void {
    if (this.reporting) return;
    this.reporting = true;
    void this.shared
      .get()
      .then((backend) => backend.reportDemand(this.opts.settings.responder, rows))
      .then(
        () => {
          this.demandReports++;
        },
        (err: unknown) => {
          this.demandFailures++;
          this.opts.onError("demand", err);
        },
      )
      .finally(() => {
        this.reporting = false;
      });
  }

  /** Milliseconds since the map was last confirmed the database's latest (Infinity: never had one). */
  stalenessMs(now = Date.now()): number {
    return this.follower?.staleness.ageMs(now) ?? Number.POSITIVE_INFINITY;
  }

  /** The version of the map in use (-1: none yet). */
  get mapVersion(): number {
    return this.follower?.map?.version ?? -1;
  }

  /**
   * One mirror at a time, in order: the changes since the version mirrored last (everything the
   * first time); a failed one is retried by the next version or check.
   */
  private mirror(version: number): void {
    this.mirroring = this.mirroring.then(async () => {
      if (this.closed || version <= this.mirrored) return;
      try {
        const backend = await this.shared.get();
        const changes = await backend.decisionChanges(this.mirrored);
        if (changes.version <= this.mirrored) return;
        const changed = changes.full
          ? mirrorDecisions(this.opts.store, changes.upserts)
          : applyDecisionChanges(this.opts.store, changes.upserts, changes.deletes);
        this.mirrored = changes.version;
        this.opts.onMirrored?.(changes.version, changed, changes.full);
      } catch (err) {
        this.opts.onError("map", err);
        // The follower holds this version already and will not offer it again: retry it.
        if (!this.closed) setTimeout(() => this.mirror(version), this.opts.checkMs ?? 2000).unref();
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.follower?.close();
    await this.mirroring;
    await this.shared.close();
  }
}
