import {
  applyProviderOverrides,
  canonicalAddress,
  type Provider,
  type ProviderInput,
  type ProviderOverride,
  StorageError,
} from "@dnsteer/storage";
import type pg from "pg";
import { inTransaction, type Queryable } from "./db.js";

interface ProviderRow {
  name: string;
  enabled: boolean;
  drained: boolean;
  source_v4: string | null;
  source_v6: string | null;
  service_a: string[];
  service_aaaa: string[];
  price_per_mbps: number;
  commit_mbps: number;
  price_above_commit: number;
  billing_percentile: number;
  capacity_mbps: number | null;
  updated_at: number;
}

const UPSERT = `INSERT INTO providers (name, enabled, drained, source_v4, source_v6, service_a, service_aaaa,
    price_per_mbps, commit_mbps, price_above_commit, billing_percentile, capacity_mbps, updated_at)
  VALUES ($1, $2, coalesce($3, false), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled, drained = coalesce($3, providers.drained),
    source_v4 = excluded.source_v4, source_v6 = excluded.source_v6, service_a = excluded.service_a,
    service_aaaa = excluded.service_aaaa, price_per_mbps = excluded.price_per_mbps, commit_mbps = excluded.commit_mbps,
    price_above_commit = excluded.price_above_commit, billing_percentile = excluded.billing_percentile,
    capacity_mbps = excluded.capacity_mbps, updated_at = excluded.updated_at`;

/** Config is the truth (admin overrides over it); providers missing from config are disabled, not deleted. */
export async function syncProviders(pool: pg.Pool, list: readonly ProviderInput[], now: number): Promise<void> {
  for (const p of list) if (!p.name) throw new StorageError("BAD_INPUT", "provider without a name");
  await inTransaction(pool, (c) => syncProvidersIn(c, list, now));
}

/** `syncProviders` inside the caller's transaction (an override's write and the providers it changes commit together). */
export async function syncProvidersIn(c: pg.PoolClient, list: readonly ProviderInput[], now: number): Promise<void> {
  for (const p of list) if (!p.name) throw new StorageError("BAD_INPUT", "provider without a name");
  const effective = applyProviderOverrides(list, await listProviderOverrides(c));
  for (const p of effective) await c.query(UPSERT, params(p, now));
  await c.query("UPDATE providers SET enabled = false, updated_at = $1 WHERE enabled AND NOT (name = ANY($2::text[]))", [
    now,
    effective.map((p) => p.name),
  ]);
}

export async function listProviderOverrides(db: Queryable): Promise<ProviderOverride[]> {
  const rows = await db.query<{ name: string; settings: ProviderOverride["settings"]; updated_at: number }>(
    `SELECT name, settings, updated_at FROM provider_overrides ORDER BY name COLLATE "C"`,
  );
  return rows.rows.map((r) => ({ name: r.name, settings: r.settings, updatedAt: r.updated_at }));
}

export async function listProviders(db: Queryable): Promise<Provider[]> {
  return (await db.query<ProviderRow>(`SELECT * FROM providers ORDER BY name COLLATE "C"`)).rows.map(fromRow);
}

function params(p: ProviderInput, now: number): unknown[] {
  const addr = (a: string | null) => (a === null ? null : canonicalAddress(a).address);
  return [
    p.name,
    p.enabled !== false,
    p.drained ?? null,
    addr(p.sourceV4),
    addr(p.sourceV6),
    JSON.stringify(p.serviceA.map((a) => canonicalAddress(a).address)),
    JSON.stringify(p.serviceAAAA.map((a) => canonicalAddress(a).address)),
    p.pricePerMbps,
    p.commitMbps,
    p.priceAboveCommit,
    p.billingPercentile ?? 95,
    p.capacityMbps,
    now,
  ];
}

function fromRow(r: ProviderRow): Provider {
  return {
    name: r.name,
    enabled: r.enabled,
    drained: r.drained,
    sourceV4: r.source_v4,
    sourceV6: r.source_v6,
    serviceA: r.service_a,
    serviceAAAA: r.service_aaaa,
    pricePerMbps: r.price_per_mbps,
    commitMbps: r.commit_mbps,
    priceAboveCommit: r.price_above_commit,
    billingPercentile: r.billing_percentile,
    capacityMbps: r.capacity_mbps,
    updatedAt: r.updated_at,
  };
}
