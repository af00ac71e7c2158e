/**
 * The controller, modelled: the policy input built from the prober's windows exactly as
 * packages/control builds it from path_stats (the newest probe kind's window: its median and
 * loss, the last `downAfterLosses` probes all lost = loss 1, and its answered samples).
 * Objects are made once and refreshed in place every evaluation.
 */
import type { HysteresisState, PathMeasurement, PolicyConfig, PolicyInput, ProviderSpec, SourceInput } from "../../src/index.js";
import { newestKind, type Prober } from "./prober.js";
import type { World } from "./world.js";

export class InputBuilder {
  readonly sources: SourceInput[];
  private readonly own: PathMeasurement[];
  private readonly ownRecent: Float64Array[];
  private readonly aggregates: PathMeasurement[];
  private readonly aggRecent: Float64Array[];
  private readonly prefixMeasurements = new Map<string, Record<string, PathMeasurement>>();
  private readonly scratch: Float64Array;

  constructor(
    w: World,
    private readonly prober: Prober,
    private readonly window: number,
    private readonly downAfterLosses = 3,
  ) {
    const P = w.providers.length;
    this.scratch = new Float64Array(window);
    const fresh = (): PathMeasurement => ({ rttMs: Infinity, loss: 0, jitterMs: 0, samples: 0, lastUpdate: 0 });
    this.own = Array.from({ length: w.count * P }, fresh);
    this.ownRecent = Array.from({ length: w.count * P }, () => new Float64Array(window));
    this.aggregates = Array.from({ length: w.aggregateKeys.length * P }, fresh);
    this.aggRecent = Array.from({ length: w.aggregateKeys.length * P }, () => new Float64Array(window));
    w.aggregateKeys.forEach((key, a) => {
      this.prefixMeasurements.set(key, Object.fromEntries(w.providers.map((name, p) => [name, this.aggregates[a * P + p]!])));
    });
    this.sources = w.keys.map((key, s) => ({
      key,
      prefixLength: w.family[s] === 4 ? 32 : 128,
      demandRate: 1,
      measurements: Object.fromEntries(w.providers.map((name, p) => [name, this.own[s * P + p]!])),
      aggregate: { key: w.aggregateKeys[w.aggregateOf[s]!]!, prefixLength: w.aggregateLength[s]! },
    }));
  }

  build(now: number, config: PolicyConfig, providers: ProviderSpec[], previous: (HysteresisState | undefined)[]): PolicyInput {
    const pr = this.prober;
    for (let path = 0; path < this.own.length; path++) {
      const k = newestKind(pr.own, path);
      this.fill(this.own[path]!, this.ownRecent[path]!, k.win, k.len[path]!, k.head[path]!, path, k.updatedAt[path]!);
    }
    for (let path = 0; path < this.aggregates.length; path++) {
      const k = newestKind(pr.aggregates, path);
      this.fill(this.aggregates[path]!, this.aggRecent[path]!, k.win, k.len[path]!, k.head[path]!, path, k.updatedAt[path]!);
    }
    for (let s = 0; s < this.sources.length; s++) this.sources[s]!.previous = previous[s];
    return { now, config, providers, sources: this.sources, prefixMeasurements: this.prefixMeasurements };
  }

  private fill(
    m: PathMeasurement,
    recent: Float64Array,
    win: Float64Array,
    len: number,
    head: number,
    path: number,
    updatedAt: number,
  ): void {
    const W = this.window;
    const first = (head - len + W) % W;
    let replies = 0;
    let trailing = 0;
    for (let i = 0; i < len; i++) {
      const v = win[path * W + ((first + i) % W)]!;
      if (Number.isNaN(v)) {
        trailing++;
        continue;
      }
      trailing = 0;
      recent[replies++] = v;
    }
    const down = trailing > 0 && trailing >= Math.min(this.downAfterLosses, len);
    m.rttMs = replies === 0 ? Infinity : medianOf(recent, replies, this.scratch);
    m.loss = down ? 1 : len === 0 ? 0 : (len - replies) / len;
    m.samples = len;
    m.lastUpdate = updatedAt;
    (m as { recentMs?: ArrayLike<number> }).recentMs = recent.subarray(0, replies);
  }
}

function medianOf(values: Float64Array, n: number, scratch: Float64Array): number {
  for (let i = 0; i < n; i++) scratch[i] = values[i]!;
  const sorted = scratch.subarray(0, n).sort();
  const mid = n >> 1;
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
