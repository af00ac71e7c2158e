import { KindTotals, STATIC_KINDS, type StaticKind, type StaticPeriod, type SteeredPeriod } from "./figures.js";

/** Everything the run adds up over its periods (pure: no I/O). */
export class RunTally {
  readonly servers: Record<string, Record<StaticKind, KindTotals>> = {};
  readonly steered = new KindTotals();
  readonly byProvider: Record<string, number> = {};
  bestAnswers = 0;
  /** Since when (s into the run) every steered answer named the asking resolver's best provider; null: not in the last period. */
  allBestSince: number | null = null;
  /** Periods in which some steered answer did not. */
  periodsNotAllBest = 0;
  /** The generators' own event-loop delay p99 per period (ms): high means their figures are late, not the servers'. */
  readonly lags = { static: [] as number[], steered: [] as number[] };

  constructor(serverNames: readonly string[]) {
    for (const s of serverNames)
      this.servers[s] = Object.fromEntries(STATIC_KINDS.map((k) => [k, new KindTotals()])) as Record<StaticKind, KindTotals>;
  }

  addStatic(p: StaticPeriod): void {
    for (const [server, kinds] of Object.entries(p.servers)) for (const k of STATIC_KINDS) this.servers[server]?.[k].add(kinds[k]);
    this.lags.static.push(p.lagP99Ms);
  }

  /** `periodStartS`: when the period began, seconds into the run. */
  addSteered(p: Omit<SteeredPeriod, "lagP99Ms"> & Partial<Pick<SteeredPeriod, "lagP99Ms">>, periodStartS: number | null): void {
    this.steered.add(p.steered);
    for (const [provider, n] of Object.entries(p.byProvider)) this.byProvider[provider] = (this.byProvider[provider] ?? 0) + n;
    this.bestAnswers += p.best;
    if (p.lagP99Ms !== undefined) this.lags.steered.push(p.lagP99Ms);
    if (periodStartS === null) return; // the final leftover: counted, not a period
    if (p.best < p.steered.answered) {
      this.allBestSince = null;
      this.periodsNotAllBest++;
    } else this.allBestSince ??= periodStartS;
  }
}
