import type { MatrixQuery, MatrixRow } from "@dnsteer/api-contract";
import type { DecisionCause, DecisionLevel } from "@dnsteer/model";
import type { DecisionChunkRow, PathChunkRow, SourceChunkRow } from "@dnsteer/storage";
import { sortInSteps } from "./sort-steps.js";

type Cell = MatrixRow["cells"][number];

/** One provider's paths as its health reads them (control's `measurement` of each path). */
export interface ProviderPaths {
  paths: number;
  /** Paths whose last results were all lost, or with a loss ratio of 1. */
  down: number;
  /** Median of the paths' RTTs (median, else EWMA), ms; null: none measured. */
  medianRttMs: number | null;
  lossSum: number;
  lastMeasuredAt: number | null;
}

/** Decisions steered to a provider: how many, the rate of their own sources, the Mbps they estimated. */
export interface ProviderShareNow {
  provider: string;
  decisions: number;
  demand: number;
  demandMbps: number;
}

/** Every row of the latency matrix, ranked three ways once (a page is a slice), and per-provider sums. */
export interface MatrixTable {
  providers: string[];
  byDemand: MatrixRow[];
  byRegret: MatrixRow[];
  byMargin: MatrixRow[];
  builtAt: number;
  paths: Map<string, ProviderPaths>;
  /** The providers', in their order, then any other a decision names. */
  shares: ProviderShareNow[];
}

interface Entry {
  row: MatrixRow;
  ownStats: boolean;
  aggregate: string | null;
}

interface PathSums {
  paths: number;
  down: number;
  rttsMs: number[];
  lossSum: number;
  last: number | null;
}

const ms = (us: number) => Math.round(us) / 1000;
const round = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Builds the matrix from chunks of rows as they are read (`add*`), then finishes it in steps
 * (`finishRows`, each step of `rank`), so a caller can hand the event loop back between any two calls.
 * One row per decided or measured prefix. A row's cells are that prefix's own path stats, or
 * (a source decided on its aggregate's data) the aggregate's. Demand: the rate of the source with
 * that exact prefix plus the sources whose aggregate it is. No I/O.
 */
export class MatrixBuilder {
  private readonly column: Map<string, number>;
  private readonly entries = new Map<string, Entry>();
  private readonly demand = new Map<string, number>();
  private readonly ownRate = new Map<string, number>();
  private readonly aggregateOf = new Map<string, string>();
  private readonly sums = new Map<string, PathSums>();
  private readonly shareOf = new Map<string, ProviderShareNow>();
  private rows: MatrixRow[] = [];
  private finished = 0;
  private byDemand: MatrixRow[] = [];
  private byRegret: MatrixRow[] = [];
  private byMargin: MatrixRow[] = [];

  constructor(private readonly providers: readonly string[]) {
    this.column = new Map(providers.map((p, i) => [p, i]));
    for (const p of providers) this.shareOf.set(p, { provider: p, decisions: 0, demand: 0, demandMbps: 0 });
  }

  private entry(key: string): Entry {
    let e = this.entries.get(key);
    if (e === undefined) {
      const cells: Cell[] = [];
      for (let i = 0; i < this.providers.length; i++) cells.push({ medianRttMs: null, loss: null, samples: 0 });
      e = {
        row: { source: key, demand: 0, chosen: null, level: null, cause: null, regretMs: null, marginMs: null, cells },
        ownStats: false,
        aggregate: null,
      };
      this.entries.set(key, e);
    }
    return e;
  }

  addPaths(rows: readonly PathChunkRow[]): void {
    for (const [, prefix, length, provider, median, ewma, loss, results, down, updatedAt] of rows) {
      const e = this.entry(`${prefix}/${length}`);
      e.ownStats = true;
      const i = this.column.get(provider);
      if (i !== undefined) e.row.cells[i] = { medianRttMs: median === null ? null : ms(median), loss, samples: results };
      let s = this.sums.get(provider);
      if (s === undefined) this.sums.set(provider, (s = { paths: 0, down: 0, rttsMs: [], lossSum: 0, last: null }));
      s.paths++;
      if (down === 1 || loss >= 1) s.down++;
      const rtt = median ?? ewma;
      if (rtt !== null) s.rttsMs.push(rtt / 1000);
      s.lossSum += loss;
      s.last = s.last === null ? updatedAt : Math.max(s.last, updatedAt);
    }
  }

  addSources(rows: readonly SourceChunkRow[]): void {
    for (const [, address, length, aggAddress, aggLength, rate] of rows) {
      const own = `${address}/${length}`;
      this.demand.set(own, (this.demand.get(own) ?? 0) + rate);
      this.ownRate.set(own, (this.ownRate.get(own) ?? 0) + rate);
      if (aggAddress !== null && aggLength !== null) {
        const agg = `${aggAddress}/${aggLength}`;
        this.aggregateOf.set(own, agg);
        if (agg !== own) this.demand.set(agg, (this.demand.get(agg) ?? 0) + rate);
      }
    }
  }

  addDecisions(rows: readonly DecisionChunkRow[]): void {
    for (const [, prefix, length, provider, level, cause, demandMbps] of rows) {
      const e = this.entry(`${prefix}/${length}`);
      e.row.chosen = provider;
      e.row.level = level as DecisionLevel | null;
      e.row.cause = cause as DecisionCause | null;
      let share = this.shareOf.get(provider);
      if (share === undefined) this.shareOf.set(provider, (share = { provider, decisions: 0, demand: 0, demandMbps: 0 }));
      share.decisions++;
      share.demandMbps += demandMbps;
    }
  }

  /** Completes up to `limit` rows (demand, an aggregate's cells, regret, margin); true when every row is. */
  finishRows(limit: number): boolean {
    if (this.finished === 0) this.rows = [...this.entries.values()].map((e) => e.row);
    const entries = this.entries;
    const end = Math.min(this.rows.length, this.finished + limit);
    for (let n = this.finished; n < end; n++) {
      const row = this.rows[n]!;
      const e = entries.get(row.source)!;
      row.demand = this.demand.get(row.source) ?? 0;
      if (!e.ownStats) {
        const aggregate = this.aggregateOf.get(row.source);
        const from = aggregate === undefined ? undefined : entries.get(aggregate);
        if (from?.ownStats) row.cells = from.row.cells;
      }
      if (row.chosen !== null) {
        const share = this.shareOf.get(row.chosen)!;
        share.demand += this.ownRate.get(row.source) ?? 0;
      }
      measure(row, row.chosen === null ? -1 : (this.column.get(row.chosen) ?? -1));
    }
    this.finished = end;
    return end === this.rows.length;
  }

  /** Ranks the rows three ways (after finishRows returned true), in steps of about `stepSize` rows. */
  *rank(stepSize: number): Generator<void> {
    this.byDemand = yield* sortInSteps(this.rows, byDemand, stepSize);
    this.byRegret = yield* sortInSteps(this.rows, byRegret, stepSize);
    this.byMargin = yield* sortInSteps(this.rows, byMargin, stepSize);
    for (const s of this.sums.values()) {
      s.rttsMs = yield* sortInSteps(s.rttsMs, (a, b) => a - b, stepSize);
    }
  }

  table(builtAt: number): MatrixTable {
    const paths = new Map<string, ProviderPaths>();
    for (const [provider, s] of this.sums) {
      const rtts = s.rttsMs;
      paths.set(provider, {
        paths: s.paths,
        down: s.down,
        medianRttMs: rtts.length ? rtts[Math.floor(rtts.length / 2)]! : null,
        lossSum: s.lossSum,
        lastMeasuredAt: s.last,
      });
    }
    return {
      providers: [...this.providers],
      byDemand: this.byDemand,
      byRegret: this.byRegret,
      byMargin: this.byMargin,
      builtAt,
      paths,
      shares: [...this.shareOf.values()],
    };
  }
}

const byDemand = (a: MatrixRow, b: MatrixRow) => b.demand - a.demand || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);
const byRegret = (a: MatrixRow, b: MatrixRow) => (b.regretMs ?? -1) - (a.regretMs ?? -1) || b.demand - a.demand;
const byMargin = (a: MatrixRow, b: MatrixRow) =>
  (a.marginMs ?? Number.POSITIVE_INFINITY) - (b.marginMs ?? Number.POSITIVE_INFINITY) || b.demand - a.demand;

/** Regret: the chosen path's RTT over the best measured one; margin: the runner-up's over the best. */
function measure(row: MatrixRow, chosen: number): void {
  let best = Infinity;
  let second = Infinity;
  for (const c of row.cells) {
    const v = c.medianRttMs;
    if (v === null) continue;
    if (v < best) {
      second = best;
      best = v;
    } else if (v < second) second = v;
  }
  const chosenRtt = chosen < 0 ? null : (row.cells[chosen]?.medianRttMs ?? null);
  row.regretMs = chosenRtt === null || best === Infinity ? null : round(chosenRtt - best);
  row.marginMs = second === Infinity ? null : round(second - best);
}

/** The rows of one page, in the asked order, optionally only those steered to one provider. */
export function matrixRows(table: MatrixTable, q: MatrixQuery): { items: MatrixRow[]; total: number } {
  const ranked = q.sort === "regret" ? table.byRegret : q.sort === "margin" ? table.byMargin : table.byDemand;
  const rows = q.chosen === undefined ? ranked : ranked.filter((r) => r.chosen === q.chosen);
  return { items: rows.slice(q.offset, q.offset + q.limit), total: rows.length };
}
