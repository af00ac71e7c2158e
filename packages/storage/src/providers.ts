import type Database from "better-sqlite3";
import { canonicalAddress } from "./address.js";
import { StorageError } from "./errors.js";
import type { Provider, ProviderInput } from "./types.js";

interface ProviderRow {
  name: string;
  enabled: number;
  drained: number;
  source_v4: string | null;
  source_v6: string | null;
  service_a: string;
  service_aaaa: string;
  price_per_mbps: number;
  commit_mbps: number;
  price_above_commit: number;
  billing_percentile: number;
  capacity_mbps: number | null;
  updated_at: number;
}

/** Provider table access; config is the truth, except `drained`, which operators toggle at run time. */
export class ProviderRepo {
  private readonly upsert: Database.Statement;
  private readonly disableOthers: Database.Statement;
  private readonly all: Database.Statement<[], ProviderRow>;
  private readonly one: Database.Statement<[string], ProviderRow>;
  private readonly drain: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.upsert = db.prepare(`
      INSERT INTO providers (name, enabled, drained, source_v4, source_v6, service_a, service_aaaa,
        price_per_mbps, commit_mbps, price_above_commit, billing_percentile, capacity_mbps, updated_at)
      VALUES (@name, @enabled, coalesce(@drained, 0), @source_v4, @source_v6, @service_a, @service_aaaa,
        @price_per_mbps, @commit_mbps, @price_above_commit, @billing_percentile, @capacity_mbps, @updated_at)
      ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled,
        drained = coalesce(@drained, providers.drained), source_v4 = excluded.source_v4,
        source_v6 = excluded.source_v6, service_a = excluded.service_a, service_aaaa = excluded.service_aaaa,
        price_per_mbps = excluded.price_per_mbps, commit_mbps = excluded.commit_mbps,
        price_above_commit = excluded.price_above_commit, billing_percentile = excluded.billing_percentile,
        capacity_mbps = excluded.capacity_mbps, updated_at = excluded.updated_at`);
    // Providers missing from config are disabled, not deleted: decisions and history refer to them.
    this.disableOthers = db.prepare(
      `UPDATE providers SET enabled = 0, updated_at = ? WHERE enabled = 1 AND name NOT IN (SELECT value FROM json_each(?))`,
    );
    this.all = db.prepare("SELECT * FROM providers ORDER BY name");
    this.one = db.prepare("SELECT * FROM providers WHERE name = ?");
    this.drain = db.prepare("UPDATE providers SET drained = ?, updated_at = ? WHERE name = ?");
  }

  sync(list: readonly ProviderInput[], now: number): void {
    this.db
      .transaction(() => {
        for (const p of list) this.upsert.run(toRow(p, now));
        this.disableOthers.run(now, JSON.stringify(list.map((p) => p.name)));
      })
      .immediate();
  }

  list(): Provider[] {
    return this.all.all().map(fromRow);
  }

  get(name: string): Provider | undefined {
    const row = this.one.get(name);
    return row && fromRow(row);
  }

  setDrained(name: string, drained: boolean, now: number): void {
    if (this.drain.run(drained ? 1 : 0, now, name).changes === 0) {
      throw new StorageError("UNKNOWN_PROVIDER", `no provider named ${JSON.stringify(name)}`);
    }
  }
}

function toRow(p: ProviderInput, now: number): Record<string, unknown> {
  if (!p.name) throw new StorageError("BAD_INPUT", "provider without a name");
  const addr = (a: string | null) => (a === null ? null : canonicalAddress(a).address);
  return {
    name: p.name,
    enabled: p.enabled === false ? 0 : 1,
    drained: p.drained === undefined ? null : p.drained ? 1 : 0,
    source_v4: addr(p.sourceV4),
    source_v6: addr(p.sourceV6),
    service_a: JSON.stringify(p.serviceA.map((a) => canonicalAddress(a).address)),
    service_aaaa: JSON.stringify(p.serviceAAAA.map((a) => canonicalAddress(a).address)),
    price_per_mbps: p.pricePerMbps,
    commit_mbps: p.commitMbps,
    price_above_commit: p.priceAboveCommit,
    billing_percentile: p.billingPercentile ?? 95,
    capacity_mbps: p.capacityMbps,
    updated_at: now,
  };
}

function fromRow(r: ProviderRow): Provider {
  return {
    name: r.name,
    enabled: r.enabled === 1,
    drained: r.drained === 1,
    sourceV4: r.source_v4,
    sourceV6: r.source_v6,
    serviceA: JSON.parse(r.service_a) as string[],
    serviceAAAA: JSON.parse(r.service_aaaa) as string[],
    pricePerMbps: r.price_per_mbps,
    commitMbps: r.commit_mbps,
    priceAboveCommit: r.price_above_commit,
    billingPercentile: r.billing_percentile,
    capacityMbps: r.capacity_mbps,
    updatedAt: r.updated_at,
  };
}
