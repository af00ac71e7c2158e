import type Database from "better-sqlite3";

export interface DecisionPageQuery {
  provider?: string;
  level?: string;
  cause?: string;
  limit: number;
  offset: number;
}

/** A decision as an operator lists it: the reason's level, cause and origin, without the verdicts. */
export interface DecisionSummary {
  prefix: string;
  prefixLength: number;
  provider: string;
  level: string | null;
  cause: string | null;
  from: string | null;
  decidedAt: number;
}

interface SummaryRow {
  prefix: string;
  prefix_length: number;
  provider: string;
  level: string | null;
  cause: string | null;
  origin: string | null;
  decided_at: number;
}

/** Filtered, paginated reads of the decisions table (the full rows stay with DecisionRepo). */
export class DecisionPageRepo {
  private readonly select: Database.Statement<Record<string, unknown>, SummaryRow>;
  private readonly count: Database.Statement<Record<string, unknown>, { n: number }>;
  private readonly perProvider: Database.Statement<[], { provider: string; n: number }>;

  constructor(db: Database.Database) {
    const where = `WHERE (@provider IS NULL OR provider = @provider)
      AND (@level IS NULL OR json_extract(reason, '$.level') = @level)
      AND (@cause IS NULL OR json_extract(reason, '$.cause') = @cause)`;
    this.select = db.prepare(`SELECT prefix, prefix_length, provider, json_extract(reason, '$.level') AS level,
      json_extract(reason, '$.cause') AS cause, json_extract(reason, '$.from') AS origin, decided_at
      FROM decisions ${where} ORDER BY prefix, prefix_length LIMIT @limit OFFSET @offset`);
    this.count = db.prepare(`SELECT count(*) AS n FROM decisions ${where}`);
    this.perProvider = db.prepare("SELECT provider, count(*) AS n FROM decisions GROUP BY provider");
  }

  page(q: DecisionPageQuery): { items: DecisionSummary[]; total: number } {
    const args = { provider: q.provider ?? null, level: q.level ?? null, cause: q.cause ?? null };
    const items = this.select.all({ ...args, limit: q.limit, offset: q.offset }).map((r) => ({
      prefix: r.prefix,
      prefixLength: r.prefix_length,
      provider: r.provider,
      level: r.level,
      cause: r.cause,
      from: r.origin,
      decidedAt: r.decided_at,
    }));
    return { items, total: this.count.get(args)!.n };
  }

  /** Sources steered to each provider. */
  countByProvider(): Map<string, number> {
    return new Map(this.perProvider.all().map((r) => [r.provider, r.n]));
  }
}
