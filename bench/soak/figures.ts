/**
 * What the generators report each period and how the run adds periods up. Pure: no I/O.
 * A p99 of a period with no answers is null (JSON has no NaN).
 */
export const STATIC_KINDS = ["udp", "ecs", "nxdomain", "malformed", "tcp"] as const;
export type StaticKind = (typeof STATIC_KINDS)[number];

/** One kind of query over one period: counts and the p99 latency (ms) of the answered ones. */
export interface Period {
  sent: number;
  answered: number;
  lost: number;
  p99: number | null;
}

/** What every generator adds to its answers: the p99 of its own event-loop delay (ms) over the period. */
export interface GeneratorLag {
  lagP99Ms: number;
}

export interface StaticPeriod extends GeneratorLag {
  mix: string;
  servers: Record<string, Record<StaticKind, Period>>;
}

export interface SteeredPeriod extends GeneratorLag {
  /** Latency minus the testbed's configured delay of the path the query took. */
  steered: Period;
  /** Answers per provider the steered name was answered with ("(zone)": the zone's own record). */
  byProvider: Record<string, number>;
  /** Answers that named the asking resolver's best provider (lowest configured delay). */
  best: number;
}

export interface SteeredFinal extends SteeredPeriod {
  /** Per resolver address: the provider of its last answer, and its best one. */
  last: Record<string, { got: string | null; best: string }>;
}

/** Periods of one kind added up: totals, the p99s of the periods (for their median and max). */
export class KindTotals {
  sent = 0;
  answered = 0;
  lost = 0;
  readonly p99s: number[] = [];

  add(p: Period): void {
    this.sent += p.sent;
    this.answered += p.answered;
    this.lost += p.lost;
    if (p.p99 !== null && Number.isFinite(p.p99)) this.p99s.push(p.p99);
  }

  lossPct(): number {
    return this.sent ? (100 * this.lost) / this.sent : 0;
  }

  medianP99(): number {
    const s = [...this.p99s].sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)]! : Number.NaN;
  }

  maxP99(): number {
    return this.p99s.length ? Math.max(...this.p99s) : Number.NaN;
  }
}

/** Resident set sizes of one process over the run, MB. */
export class RssTrack {
  start = Number.NaN;
  end = Number.NaN;
  max = 0;

  add(mb: number): void {
    if (Number.isNaN(this.start)) this.start = mb;
    if (!Number.isNaN(mb)) this.max = Math.max(this.max, mb);
    this.end = mb;
  }

  text(): string {
    return `${this.start.toFixed(0)} -> ${this.end.toFixed(0)} MB (max ${this.max.toFixed(0)})`;
  }
}

/** Prometheus text exposition: the value of every sample of `metric`, keyed by its label text. */
export function samples(exposition: string, metric: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of exposition.split("\n")) {
    if (!line.startsWith(metric) || (line[metric.length] !== "{" && line[metric.length] !== " ")) continue;
    const space = line.lastIndexOf(" ");
    out.set(line.slice(metric.length, space), Number(line.slice(space + 1)));
  }
  return out;
}

/** The sum of `metric`'s samples whose labels include every `label="value"` in `match`. */
export function sumOf(exposition: string, metric: string, match: Record<string, string> = {}): number {
  let sum = 0;
  for (const [labels, v] of samples(exposition, metric)) {
    if (Object.entries(match).every(([k, val]) => labels.includes(`${k}="${val}"`))) sum += v;
  }
  return sum;
}

/** `x` as a percentage with two decimals, "-" for no data. */
export function pct(part: number, whole: number): string {
  return whole ? ((100 * part) / whole).toFixed(2) : "-";
}
