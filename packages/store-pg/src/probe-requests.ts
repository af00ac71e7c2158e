import {
  canonicalAddress,
  mergeProbeRequestAnswers,
  type ProbeRequest,
  type ProbeRequestAnswer,
  type ProbeRequestResult,
  type ProbeRequestStatus,
} from "@dnsteer/storage";
import type pg from "pg";
import { inTransaction, type Queryable } from "./db.js";

interface RequestRow {
  id: string;
  address: string;
  provider: string | null;
  status: string;
  requested_at: string;
  requested_by: string;
  results: ProbeRequestResult[] | null;
  error: string | null;
  finished_at: string | null;
}

/** An operator's probe request, stored for every probe site (the API on PostgreSQL). */
export async function addProbeRequest(
  db: Queryable,
  address: string,
  provider: string | null,
  by: string,
  now: number,
): Promise<ProbeRequest> {
  const rows = await db.query<RequestRow>(
    "INSERT INTO probe_requests (address, provider, requested_at, requested_by) VALUES ($1, $2, $3, $4) RETURNING *",
    [canonicalAddress(address).address, provider, now, by],
  );
  return fromRow(rows.rows[0]!);
}

export async function getProbeRequest(db: Queryable, id: number): Promise<ProbeRequest | undefined> {
  const rows = await db.query<RequestRow>("SELECT * FROM probe_requests WHERE id = $1", [id]);
  return rows.rows[0] && fromRow(rows.rows[0]);
}

export async function pageProbeRequests(db: Queryable, limit: number, offset: number): Promise<{ items: ProbeRequest[]; total: number }> {
  const rows = await db.query<RequestRow>("SELECT * FROM probe_requests ORDER BY id DESC LIMIT $1 OFFSET $2", [limit, offset]);
  const total = await db.query<{ n: string }>("SELECT count(*) AS n FROM probe_requests");
  return { items: rows.rows.map(fromRow), total: Number(total.rows[0]!.n) };
}

/** The oldest queued requests this site has not answered yet (probe_requests_status, then the site rows' key). */
export async function pendingProbeRequests(db: Queryable, site: string, limit: number): Promise<ProbeRequest[]> {
  const rows = await db.query<RequestRow>(
    `SELECT r.* FROM probe_requests r WHERE r.status = 'queued'
      AND NOT EXISTS (SELECT 1 FROM probe_request_sites s WHERE s.request_id = r.id AND s.site = $1)
      ORDER BY r.id LIMIT $2`,
    [site, limit],
  );
  return rows.rows.map(fromRow);
}

/**
 * One site's answer (a second one from the same site replaces it), then the request settled if
 * that completes it — under the request row's lock, so two sites answering at once are merged
 * one after the other and neither answer is missed.
 */
export async function answerProbeRequest(
  pool: pg.Pool,
  site: string,
  id: number,
  answer: { results: readonly ProbeRequestResult[]; error: string | null },
  now: number,
  timeoutMs: number,
): Promise<void> {
  await inTransaction(pool, async (c) => {
    const locked = await c.query("SELECT 1 FROM probe_requests WHERE id = $1 FOR UPDATE", [id]);
    if (locked.rowCount === 0) return; // deleted meanwhile
    await c.query(
      `INSERT INTO probe_request_sites (request_id, site, results, error, reported_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (request_id, site) DO UPDATE SET results = excluded.results, error = excluded.error, reported_at = excluded.reported_at`,
      [id, site, JSON.stringify(answer.results), answer.error, now],
    );
    await settleOne(c, id, now, timeoutMs);
  });
}

/** Finishes the queued requests older than `timeoutMs` with what the sites answered (expired); returns how many. */
export async function expireProbeRequests(pool: pg.Pool, now: number, timeoutMs: number): Promise<number> {
  const due = await pool.query<{ id: string }>("SELECT id FROM probe_requests WHERE status = 'queued' AND requested_at <= $1", [
    now - timeoutMs,
  ]);
  let n = 0;
  for (const { id } of due.rows) {
    n += await inTransaction(pool, async (c) => {
      await c.query("SELECT 1 FROM probe_requests WHERE id = $1 FOR UPDATE", [id]);
      return (await settleOne(c, Number(id), now, timeoutMs)) ? 1 : 0;
    });
  }
  return n;
}

/** Merges the answers of a queued request (its row locked by the caller) and finishes it when complete or expired. */
async function settleOne(c: pg.PoolClient, id: number, now: number, timeoutMs: number): Promise<boolean> {
  const request = (await c.query<RequestRow>("SELECT * FROM probe_requests WHERE id = $1 AND status = 'queued'", [id])).rows[0];
  if (!request) return false;
  const targets =
    request.provider !== null
      ? [request.provider]
      : (await c.query<{ name: string }>("SELECT name FROM providers WHERE enabled ORDER BY name")).rows.map((r) => r.name);
  const answers = (
    await c.query<{ site: string; results: ProbeRequestResult[]; error: string | null }>(
      "SELECT site, results, error FROM probe_request_sites WHERE request_id = $1 ORDER BY reported_at, site",
      [id],
    )
  ).rows satisfies ProbeRequestAnswer[];
  const merged = mergeProbeRequestAnswers(targets, answers, Number(request.requested_at) <= now - timeoutMs);
  if (!merged) return false;
  await c.query("UPDATE probe_requests SET status = $1, results = $2, error = $3, finished_at = $4 WHERE id = $5", [
    merged.status,
    JSON.stringify(merged.results),
    merged.error,
    now,
    id,
  ]);
  return true;
}

function fromRow(r: RequestRow): ProbeRequest {
  return {
    id: Number(r.id),
    address: r.address,
    provider: r.provider,
    status: r.status as ProbeRequestStatus,
    requestedAt: Number(r.requested_at),
    requestedBy: r.requested_by,
    results: r.results,
    error: r.error,
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  };
}
