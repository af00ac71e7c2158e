import type Database from "better-sqlite3";

export interface ProbeBucket {
  at: number;
  provider: string;
  sent: number;
  lost: number;
}
export interface DecisionBucket {
  at: number;
  cause: string | null;
  count: number;
}
/** A path's figures as the latency matrix shows them (no window JSON parsed). */
export interface PathCell {
  prefix: string;
  prefixLength: number;
  provider: string;
  medianRttUs: number | null;
  lossRatio: number;
  results: number;
}
/** A decision's provider and the reason's summary fields, read with json_extract (no full decode). */
export interface DecisionBrief {
  prefix: string;
  prefixLength: number;
  provider: string;
  level: string | null;
  cause: string | null;
  demandMbps: number;
}
/** Decisions steered to a provider now: how many, the queries/s of their sources, the Mbps the decisions estimated. */
export interface ProviderShare {
  provider: string;
  decisions: number;
  demand: number;
  demandMbps: number;
}
export interface SourceDemand {
  address: string;
  prefixLength: number;
  aggregateAddress: string | null;
  aggregatePrefixLength: number | null;
  rate: number;
}

/**
 * Lean reads for the dashboard: whole-table scans that select only the columns a view shows
 * (decoding every decision and path window costs ~50 µs a row), and time-bucketed counts of
 * probes per provider (a range scan of samples_at) and of decisions by cause.
 */
export class DashboardReads {
  private readonly probes: Database.Statement<Record<string, number>, ProbeBucket>;
  private readonly decided: Database.Statement<Record<string, number>, DecisionBucket>;
  private readonly cells: Database.Statement<[], PathCell>;
  private readonly briefs: Database.Statement<[], DecisionBrief>;
  private readonly demand: Database.Statement<[], SourceDemand>;
  private readonly shares: Database.Statement<[], ProviderShare>;

  constructor(db: Database.Database) {
    this.probes = db.prepare(`SELECT CAST(at / @bucket AS INTEGER) * @bucket AS at, provider, count(*) AS sent, sum(rtt_us IS NULL) AS lost
      FROM samples WHERE at >= @since AND at < @until GROUP BY 1, provider ORDER BY 1, provider`);
    this.decided =
      db.prepare(`SELECT CAST(decided_at / @bucket AS INTEGER) * @bucket AS at, json_extract(reason, '$.cause') AS cause, count(*) AS count
      FROM decisions WHERE decided_at >= @since AND decided_at < @until GROUP BY 1, 2 ORDER BY 1, 2`);
    this.cells = db.prepare(`SELECT prefix, prefix_length AS prefixLength, provider, median_rtt_us AS medianRttUs, loss_ratio AS lossRatio,
      json_array_length(window) AS results FROM path_stats`);
    this.briefs = db.prepare(`SELECT prefix, prefix_length AS prefixLength, provider, json_extract(reason, '$.level') AS level,
      json_extract(reason, '$.cause') AS cause, coalesce(json_extract(reason, '$.demandMbps'), 0) AS demandMbps FROM decisions`);
    this.demand = db.prepare(`SELECT address, prefix_length AS prefixLength, aggregate_address AS aggregateAddress,
      aggregate_prefix_length AS aggregatePrefixLength, rate FROM sources`);
    // sources is UNIQUE (address, prefix_length): the join is an index lookup per decision.
    this.shares = db.prepare(`SELECT d.provider AS provider, count(*) AS decisions, total(s.rate) AS demand,
      total(json_extract(d.reason, '$.demandMbps')) AS demandMbps
      FROM decisions d LEFT JOIN sources s ON s.address = d.prefix AND s.prefix_length = d.prefix_length
      GROUP BY d.provider ORDER BY d.provider`);
  }

  probeBuckets(since: number, until: number, bucket: number): ProbeBucket[] {
    return this.probes.all({ since, until, bucket });
  }

  decisionBuckets(since: number, until: number, bucket: number): DecisionBucket[] {
    return this.decided.all({ since, until, bucket });
  }

  pathCells(): PathCell[] {
    return this.cells.all();
  }

  decisionBriefs(): DecisionBrief[] {
    return this.briefs.all();
  }

  providerShares(): ProviderShare[] {
    return this.shares.all();
  }

  sourceDemand(): SourceDemand[] {
    return this.demand.all();
  }
}
