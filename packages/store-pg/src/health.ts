import type { ProviderHealth } from "@dnsteer/storage";
import type pg from "pg";
import { inTransaction, type Queryable } from "./db.js";

interface HealthRow {
  provider: string;
  healthy: boolean;
  cause: string | null;
  family: number | null;
  detail: string | null;
  since: number;
  updated_at: number;
}

const UPSERT = `INSERT INTO provider_health (provider, healthy, cause, family, detail, since, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (provider) DO UPDATE SET healthy = excluded.healthy, cause = excluded.cause, family = excluded.family,
    detail = excluded.detail, since = excluded.since, updated_at = excluded.updated_at`;

/** A few rows (one per provider): one statement each, in one transaction. */
export async function putProviderHealth(pool: pg.Pool, states: readonly ProviderHealth[], now: number): Promise<void> {
  await inTransaction(pool, async (c) => {
    for (const s of states)
      await c.query(UPSERT, [s.provider, s.healthy, s.cause, s.family, s.detail, Math.round(s.since), Math.round(now)]);
  });
}

export async function listProviderHealth(db: Queryable): Promise<ProviderHealth[]> {
  const rows = await db.query<HealthRow>(`SELECT * FROM provider_health ORDER BY provider COLLATE "C"`);
  return rows.rows.map((r) => ({
    provider: r.provider,
    healthy: r.healthy,
    cause: r.cause,
    family: r.family === 4 || r.family === 6 ? r.family : null,
    detail: r.detail,
    since: r.since,
    updatedAt: r.updated_at,
  }));
}
