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
  watch?: WatchOptions;
  now?: () => number;
}

/**
 * The responder's side of the decision map, whatever the backend: reads the map, follows its
 * version (the backend's watch, plus a check every `checkMs` that also confirms the map is still
 * current), saves each map to the cache file, and when the database cannot be reached keeps the
 * map it has — or, at start, the cached one — while `staleness` grows. Reconnects by calling
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
    } finally {
      this.busy = false;
    }
    if (this.again) await this.step();
  }

  private async load(backend: StoreBackend): Promise<void> {
    const at = this.now();
    const map = await backend.readDecisionMap();
    if (this.current !== undefined && map.version <= this.current.version) return;
    this.current = map;
    this.staleness.confirm(at);
    this.opts.onMap(map, "database");
    await this.opts.cache?.save(map, at).catch((err: unknown) => this.report(err));
  }

  private report(err: unknown): undefined {
    this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.watch?.close();
    await this.backend?.close();
  }
}
