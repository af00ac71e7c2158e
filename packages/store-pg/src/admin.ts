import { prefixKey, splitPrefixKey } from "@dnsteer/net";
import {
  canonicalAddress,
  checkProviderName,
  checkSteeredNameChange,
  type DecisionPageQuery,
  type DecisionSummary,
  decodeDecision,
  normalName,
  type ProviderInput,
  type ProviderSettings,
  type SteeredNameChange,
  StorageError,
  type StoredDecision,
} from "@dnsteer/storage";
import type pg from "pg";
import { inTransaction, type Queryable } from "./db.js";
import { syncProvidersIn } from "./providers.js";

/**
 * The admin API's shared operator state (@dnsteer/storage `SharedAdminStore`): provider
 * overrides and drains, the stored policy, steered names. Each write is one transaction, so a
 * connection lost midway leaves nothing of it.
 */

export async function putProviderOverride(
  pool: pg.Pool,
  name: string,
  settings: Partial<ProviderSettings> | null,
  configured: readonly ProviderInput[],
  now: number,
): Promise<void> {
  checkProviderName(name);
  await inTransaction(pool, async (c) => {
    if (settings === null) await c.query("DELETE FROM provider_overrides WHERE name = $1", [name]);
    else
      await c.query(
        `INSERT INTO provider_overrides (name, settings, updated_at) VALUES ($1, $2::jsonb, $3)
          ON CONFLICT (name) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
        [name, JSON.stringify(settings), now],
      );
    await syncProvidersIn(c, configured, now);
  });
}

export async function setProviderDrained(
  pool: pg.Pool,
  name: string,
  drained: boolean,
  configured: readonly ProviderInput[],
  now: number,
): Promise<void> {
  await inTransaction(pool, async (c) => {
    const drain = () => c.query("UPDATE providers SET drained = $1, updated_at = $2 WHERE name = $3", [drained, now, name]);
    if ((await drain()).rowCount) return;
    // Added through the API and not synced yet: its row appears with the sync.
    await syncProvidersIn(c, configured, now);
    if (!(await drain()).rowCount) throw new StorageError("UNKNOWN_PROVIDER", `no provider named ${JSON.stringify(name)}`);
  });
}

export async function putStoredPolicy(db: Queryable, settings: Record<string, unknown>, now: number): Promise<void> {
  await db.query(
    `INSERT INTO policy_settings (id, settings, updated_at) VALUES (1, $1::jsonb, $2)
      ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    [JSON.stringify(settings), now],
  );
}

export async function listSteeredNames(db: Queryable): Promise<SteeredNameChange[]> {
  const rows = await db.query<{ name: string; grp: number | null; state: SteeredNameChange["state"]; updated_at: number }>(
    `SELECT name, grp, state, updated_at FROM steered_names ORDER BY name COLLATE "C"`,
  );
  return rows.rows.map((r) => ({ name: r.name, group: r.grp, state: r.state, updatedAt: r.updated_at }));
}

export async function putSteeredName(db: Queryable, change: SteeredNameChange): Promise<void> {
  checkSteeredNameChange(change);
  await db.query(
    `INSERT INTO steered_names (name, grp, state, updated_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (name) DO UPDATE SET grp = excluded.grp, state = excluded.state, updated_at = excluded.updated_at`,
    [normalName(change.name), change.group, change.state, change.updatedAt],
  );
}

/** One decision; a row that does not read back is CORRUPT_ROW (as SQLite's `getDecision`). */
export async function getDecision(db: Queryable, source: string): Promise<StoredDecision | undefined> {
  let parts: [string, number];
  try {
    parts = splitPrefixKey(source);
  } catch (err) {
    throw new StorageError("BAD_INPUT", `decision source: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const prefix = canonicalAddress(parts[0]).address;
  const row = (
    await db.query<{ provider: string; reason: string; decided_at: number }>(
      "SELECT provider, reason::text AS reason, decided_at FROM decisions WHERE prefix = $1 AND prefix_length = $2",
      [prefix, parts[1]],
    )
  ).rows[0];
  if (!row) return undefined;
  const key = prefixKey(prefix, parts[1]);
  const d = decodeDecision(key, row.provider, row.reason, row.decided_at);
  if (typeof d === "string") throw new StorageError("CORRUPT_ROW", `decision ${key} is unreadable: ${d}`);
  return d;
}

/** `pageDecisions`: the same filters, order (by prefix, byte order) and summary as SQLite's DecisionPageRepo. */
export async function pageDecisions(db: Queryable, q: DecisionPageQuery): Promise<{ items: DecisionSummary[]; total: number }> {
  const where = `WHERE ($1::text IS NULL OR provider = $1) AND ($2::text IS NULL OR reason ->> 'level' = $2)
    AND ($3::text IS NULL OR reason ->> 'cause' = $3)`;
  const args = [q.provider ?? null, q.level ?? null, q.cause ?? null];
  const [rows, count] = await Promise.all([
    db.query<{
      prefix: string;
      prefix_length: number;
      provider: string;
      level: string | null;
      cause: string | null;
      origin: string | null;
      decided_at: number;
    }>(
      `SELECT prefix, prefix_length, provider, reason ->> 'level' AS level, reason ->> 'cause' AS cause,
        reason ->> 'from' AS origin, decided_at
        FROM decisions ${where} ORDER BY prefix COLLATE "C", prefix_length LIMIT $4 OFFSET $5`,
      [...args, q.limit, q.offset],
    ),
    db.query<{ n: number }>(`SELECT count(*) AS n FROM decisions ${where}`, args),
  ]);
  const items = rows.rows.map((r) => ({
    prefix: r.prefix,
    prefixLength: r.prefix_length,
    provider: r.provider,
    level: r.level,
    cause: r.cause,
    from: r.origin,
    decidedAt: r.decided_at,
  }));
  return { items, total: count.rows[0]!.n };
}
