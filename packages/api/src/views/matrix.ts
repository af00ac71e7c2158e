import type { MatrixQuery, MatrixRow } from "@dnsteer/api-contract";
import type { DecisionCause, DecisionLevel } from "@dnsteer/model";
import type { DecisionBrief, PathCell, SourceDemand } from "@dnsteer/storage";

/** Every row of the latency matrix, ranked three ways once, so a page is a slice. */
export interface MatrixTable {
  providers: string[];
  byDemand: MatrixRow[];
  byRegret: MatrixRow[];
  byMargin: MatrixRow[];
  builtAt: number;
}

export interface MatrixInputs {
  providers: readonly string[];
  sources: readonly SourceDemand[];
  cells: readonly PathCell[];
  decisions: readonly DecisionBrief[];
}

const ms = (us: number | null) => (us === null ? null : Math.round(us) / 1000);

/**
 * One row per decided or measured prefix. A row's cells are that prefix's own path stats, or
 * (a source decided on its aggregate's data) the aggregate's. Demand: the rate of the source
 * with that exact prefix plus the sources whose aggregate it is.
 */
export function buildMatrix(input: MatrixInputs, builtAt: number): MatrixTable {
  const column = new Map(input.providers.map((p, i) => [p, i]));
  const statsByKey = new Map<string, PathCell[]>();
  for (const s of input.cells) {
    const key = `${s.prefix}/${s.prefixLength}`;
    const list = statsByKey.get(key);
    if (list) list.push(s);
    else statsByKey.set(key, [s]);
  }
  const demand = new Map<string, number>();
  const aggregateOf = new Map<string, string>();
  for (const s of input.sources) {
    const own = `${s.address}/${s.prefixLength}`;
    demand.set(own, (demand.get(own) ?? 0) + s.rate);
    if (s.aggregateAddress !== null && s.aggregatePrefixLength !== null) {
      const agg = `${s.aggregateAddress}/${s.aggregatePrefixLength}`;
      aggregateOf.set(own, agg);
      if (agg !== own) demand.set(agg, (demand.get(agg) ?? 0) + s.rate);
    }
  }
  const decided = new Map(input.decisions.map((d) => [`${d.prefix}/${d.prefixLength}`, d]));
  const keys = new Set<string>([...decided.keys(), ...statsByKey.keys()]);
  const rows: MatrixRow[] = [];
  for (const key of keys) {
    const d = decided.get(key);
    const aggregate = aggregateOf.get(key);
    const stats = statsByKey.get(key) ?? (aggregate === undefined ? undefined : statsByKey.get(aggregate)) ?? [];
    rows.push(rowOf(key, d, stats, column, demand.get(key) ?? 0));
  }
  const byDemand = rows.slice().sort((a, b) => b.demand - a.demand || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const byRegret = rows.slice().sort((a, b) => (b.regretMs ?? -1) - (a.regretMs ?? -1) || b.demand - a.demand);
  const byMargin = rows
    .slice()
    .sort((a, b) => (a.marginMs ?? Number.POSITIVE_INFINITY) - (b.marginMs ?? Number.POSITIVE_INFINITY) || b.demand - a.demand);
  return { providers: [...input.providers], byDemand, byRegret, byMargin, builtAt };
}

function rowOf(
  key: string,
  d: DecisionBrief | undefined,
  stats: readonly PathCell[],
  column: Map<string, number>,
  demand: number,
): MatrixRow {
  const cells: MatrixRow["cells"] = [];
  for (let i = 0; i < column.size; i++) cells.push({ medianRttMs: null, loss: null, samples: 0 });
  for (const s of stats) {
    const i = column.get(s.provider);
    if (i !== undefined) cells[i] = { medianRttMs: ms(s.medianRttUs), loss: s.lossRatio, samples: s.results };
  }
  const measured = cells
    .map((c) => c.medianRttMs)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const chosen = d?.provider ?? null;
  const chosenRtt = chosen === null ? null : (cells[column.get(chosen) ?? -1]?.medianRttMs ?? null);
  return {
    source: key,
    demand,
    chosen,
    level: (d?.level ?? null) as DecisionLevel | null,
    cause: (d?.cause ?? null) as DecisionCause | null,
    regretMs: chosenRtt === null || measured.length === 0 ? null : round(chosenRtt - measured[0]!),
    marginMs: measured.length < 2 ? null : round(measured[1]! - measured[0]!),
    cells,
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** The rows of one page, in the asked order, optionally only those steered to one provider. */
export function matrixRows(table: MatrixTable, q: MatrixQuery): { items: MatrixRow[]; total: number } {
  const ranked = q.sort === "regret" ? table.byRegret : q.sort === "margin" ? table.byMargin : table.byDemand;
  const rows = q.chosen === undefined ? ranked : ranked.filter((r) => r.chosen === q.chosen);
  return { items: rows.slice(q.offset, q.offset + q.limit), total: rows.length };
}
