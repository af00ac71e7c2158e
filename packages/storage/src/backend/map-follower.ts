import { prefixKey, splitPrefixKey } from "@dnsteer/net";
import type { DecisionRoute } from "../types.js";
import type { DecisionMap, MapWatch, StoreBackend, WatchOptions } from "./backend.js";
import type { MapCacheFile } from "./map-cache.js";
import { MapStaleness } from "./staleness.js";

export interface MapFollowerOptions {
  /** Where the last map is kept on local disk; read at start when the database cannot be reached. */
  cache?: MapCacheFile;
  /** Called with each new map (the cached one at a start without database, then each version read). */
  onMap: (map: DecisionMap, from: "database" | "cache") => void;
  onError?: (err: Error) => void;
  /** How often the version is checked (confirming the map is current) and a failed step retried (default 5 s). */
  checkMs?: number;
  /**
   * How often at most the cache file is rewritten while versions keep coming (default 5 s); a
   * map not yet in it is written at once when a step fails (the database lost) and on close.
   */
  cacheEveryMs?: number;
  watch?: WatchOptions;
  now?: () => number;
}

/** One read of the map from the database: everything (`full`) or the changes since the version held. */
export interface MapRead {
  full: boolean;
  upserts: number;
  deletes: number;
}

/**
 * The responder's side of the decision map, whatever the backend: reads the map once, follows
 * its version (the backend's watch, plus a check every `checkMs` that also confirms the map is
 * still current) reading only what changed since the version it holds, saves the map to the
 * cache file (at most every `cacheEveryMs`; at once when the database is lost, and on close), and when the database cannot be
 * reached keeps the map it has — or, at start, the cached one — while `staleness` grows. Reconnects by calling
 * `connect` again (PostgreSQL refuses to open while down).
 */
export class DecisionMapFollower {
  /** Since the map in use was last confirmed current; infinite while there is no map at all. */
  readonly staleness: MapStaleness;
  private current: DecisionMap | undefined;
  private backend: StoreBackend | undefined;
  private watch: MapWatch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  /** A signal came while a step ran: run one more after it. */
  private again = false;
  private closed = false;
  private readonly now: () => number;
  /** The map's routes by source, to which each version's changes are applied. */
  private routes = new Map<string, DecisionRoute>();
  /** What the last read from the database brought. */
  lastRead: MapRead | undefined;
  /** When the map in use (not yet in the cache file) was confirmed; undefined: the file has it. */
  private unsaved: number | undefined;
  private savedAt = Number.NEGATIVE_INFINITY;
  private saveTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly connect: () => Promise<StoreBackend>,
    private readonly opts: MapFollowerOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.staleness = new MapStaleness(Number.NEGATIVE_INFINITY);
  }

  /** Resolves with a map from the database, else from the cache, else none (the caller serves without steering). */
  static async start(connect: () => Promise<StoreBackend>, opts: MapFollowerOptions): Promise<DecisionMapFollower> {
    const follower = new DecisionMapFollower(connect, opts);
    await follower.step();
    if (follower.current === undefined && opts.cache) {
      const cached = await opts.cache.load().catch((err: unknown) => follower.report(err));
      if (cached && follower.current === undefined) {
        follower.current = cached.map;
        follower.routes = new Map(cached.map.routes.map((r) => [prefixKey(r.prefix, r.prefixLength), r]));
        follower.staleness.confirm(cached.savedAt);
        opts.onMap(cached.map, "cache");
      }
    }
    follower.timer = setInterval(() => void follower.step(), opts.checkMs ?? 5000);
    follower.timer.unref();
    return follower;
  }

  get map(): DecisionMap | undefined {
    return this.current;
  }

  /** Connects if need be, then reads the map if its version moved, or confirms it. Never throws. */
  private async step(): Promise<void> {
    if (this.closed) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.again = false;
    try {
      if (!this.backend) {
        this.backend = await this.connect();
        this.watch = await this.backend.watchMapVersion(this.current?.version ?? -1, () => void this.step(), {
          ...this.opts.watch,
          onError: (err) => this.report(err),
        });
      }
      const at = this.now();
      const version = await this.backend.mapVersion();
      if (this.current === undefined || version > this.current.version) await this.load(this.backend);
      else this.staleness.confirm(at);
    } catch (err) {
      this.report(err);
      // The database lost: a restart from now on needs the map in use, so the file gets it now.
      await this.saveCache(true);
    } finally {
      this.busy = false;
    }
    if (this.again) await this.step();
  }

  /**
   * The first map is read whole; after it only what changed since the version held (the
   * backend may still answer with everything: `full`). The cache file is rewritten at most every
   * `cacheEveryMs`, and on close.
   */
  private async load(backend: StoreBackend): Promise<void> {
    const at = this.now();
    const held = this.current;
    let map: DecisionMap;
    if (held === undefined) {
      map = await backend.readDecisionMap();
      this.routes = new Map(map.routes.map((r) => [prefixKey(r.prefix, r.prefixLength), r]));
      this.lastRead = { full: true, upserts: map.routes.length, deletes: 0 };
    } else {
      const changes = await backend.decisionChanges(held.version);
      if (changes.version <= held.version) return;
      if (changes.full) this.routes.clear();
      for (const source of changes.deletes) this.routes.delete(source);
      for (const d of changes.upserts) {
        const [prefix, prefixLength] = splitPrefixKey(d.source);
        this.routes.set(d.source, { prefix, prefixLength, provider: d.provider });
      }
      map = { version: changes.version, routes: [...this.routes.values()] };
      this.lastRead = { full: changes.full, upserts: changes.upserts.length, deletes: changes.deletes.length };
    }
    if (this.current !== undefined && map.version <= this.current.version) return;
    this.current = map;
    this.staleness.confirm(at);
    this.opts.onMap(map, "database");
    this.unsaved = at;
    await this.saveCache(false);
  }

  /** Writes the map in use to the cache file if it changed and (unless `now`) the last write is `cacheEveryMs` old. */
  private async saveCache(now: boolean): Promise<void> {
    const cache = this.opts.cache;
    const map = this.current;
    if (!cache || !map || this.unsaved === undefined) return;
    // Real time, not `now` (which dates confirmations and may be a test's fixed clock).
    const wait = this.savedAt + (this.opts.cacheEveryMs ?? 5000) - performance.now();
    if (!now && wait > 0) {
      this.saveTimer ??= setTimeout(() => {
        this.saveTimer = undefined;
        void this.saveCache(false);
      }, wait);
      this.saveTimer.unref();
      return;
    }
    const confirmedAt = this.unsaved;
    this.unsaved = undefined;
    this.savedAt = performance.now();
    await cache.save(map, confirmedAt).catch((err: unknown) => this.report(err));
  }

  private report(err: unknown): undefined {
    this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.saveTimer);
    await this.saveCache(true);
    await this.watch?.close();
    await this.backend?.close();
  }
}
