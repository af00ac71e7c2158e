import { StorageError } from "@dnsteer/storage";
import pg from "pg";

/** bigint (ms times, ids, counters) and numeric (sums) as JS numbers: every value here is below 2^53. */
const numberTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return Number;
    return pg.types.getTypeParser(oid, format as "text");
  },
};

export type Queryable = pg.Pool | pg.PoolClient | pg.Client;

/**
 * How long a server may stay silent. A network cut mid-query gets no error, no FIN: without a
 * bound a bridge's round or the decider would wait for TCP's own timeout (many minutes) while
 * staleness should be growing and samples waiting. (The config's store.queryTimeoutMs, .connectTimeoutMs.)
 */
export interface PgTimeouts {
  /** A statement's time on the server (statement_timeout) and, 2 s later, on this side (no answer at all). */
  queryMs: number;
  /** A new connection's handshake. */
  connectMs: number;
}

export const DEFAULT_TIMEOUTS: PgTimeouts = { queryMs: 30_000, connectMs: 5_000 };

/** The client-side margin over statement_timeout: the server's own cancel (a clean error) should come first. */
const CLIENT_MARGIN_MS = 2_000;

/** A client config for `url` (postgresql://user@host:port/db, ?host=/folder for a unix socket). */
export function clientConfig(url: string, extra: pg.ClientConfig = {}, timeouts: PgTimeouts = DEFAULT_TIMEOUTS): pg.ClientConfig {
  return {
    connectionString: url,
    types: numberTypes as pg.CustomTypesConfig,
    application_name: "dnsteer",
    connectionTimeoutMillis: timeouts.connectMs,
    keepAlive: true,
    ...extra,
  };
}

/**
 * The pool of reads and writes: each statement bounded on the server (statement_timeout; a
 * transaction left idle by a vanished client ends too, freeing its locks) and on this side
 * (query_timeout: nothing came back at all). Every failure of its `query` goes through
 * `unreachable`, so a timeout or a lost connection is one typed error, UNREACHABLE.
 */
export function openPool(url: string, max = 10, timeouts: PgTimeouts = DEFAULT_TIMEOUTS): pg.Pool {
  const pool = new pg.Pool({
    ...clientConfig(url, {}, timeouts),
    statement_timeout: timeouts.queryMs,
    idle_in_transaction_session_timeout: timeouts.queryMs,
    query_timeout: timeouts.queryMs + CLIENT_MARGIN_MS,
    max,
  });
  // An idle client's lost connection is reported here; the next query gets a fresh one.
  pool.on("error", () => undefined);
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  Object.assign(pool, {
    query: (...args: unknown[]) =>
      query(...args).catch((err: unknown) => {
        throw unreachable(err, timeouts);
      }),
  });
  return pool;
}

/** SQLSTATEs of "the server gave up on us": a statement timeout, an idle transaction ended, connection classes. */
const LOST_STATES = new Set(["57014", "25P03", "57P01", "57P02", "57P03"]);

/**
 * A timeout (either side) or a connection lost mid-query as StorageError UNREACHABLE (the
 * bridges' "database unreachable" path: staleness grows, samples wait); anything else as it was.
 */
export function unreachable(err: unknown, timeouts: PgTimeouts): unknown {
  if (err instanceof StorageError || !(err instanceof Error)) return err;
  const state = sqlState(err);
  const lost =
    state === undefined
      ? /timeout|terminated|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOENT|EHOSTUNREACH|Connection/i.test(err.message)
      : LOST_STATES.has(state) || state.startsWith("08");
  if (!lost) return err;
  const timedOut = state === "57014" || /timeout/i.test(err.message);
  const why = timedOut ? `no answer within ${timeouts.queryMs} ms (store.queryTimeoutMs)` : "the connection was lost";
  return new StorageError("UNREACHABLE", `PostgreSQL: ${why}: ${err.message}`, { cause: err });
}

/**
 * Runs `fn` in one transaction on one pooled client; rolls back when it throws. A timeout or a
 * lost connection is UNREACHABLE and the client is discarded (a client that timed out may still
 * get the late answer, so it is not reused).
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>, begin = "BEGIN"): Promise<T> {
  const client = await connect(pool);
  // A checked-out client has no pool listener: a connection lost now (the server stopping) is
  // emitted as "error" on it, which unheard would end the process. The query at hand rejects
  // anyway; the client is then discarded rather than put back.
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on("error", onError);
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    const failed = unreachable(err, timeoutsOf(pool));
    if (failed instanceof StorageError && failed.code === "UNREACHABLE") broken ??= failed;
    if (!broken) await client.query("ROLLBACK").catch(() => undefined);
    throw failed;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

function timeoutsOf(pool: pg.Pool): PgTimeouts {
  const o = pool.options as { statement_timeout?: number; connectionTimeoutMillis?: number };
  return { queryMs: o.statement_timeout ?? DEFAULT_TIMEOUTS.queryMs, connectMs: o.connectionTimeoutMillis ?? DEFAULT_TIMEOUTS.connectMs };
}

export async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (err) {
    throw new StorageError("OPEN_FAILED", `cannot reach PostgreSQL: ${String(err)}`, { cause: err });
  }
}

/** PostgreSQL's SQLSTATE of an error from the server, if it is one. */
export function sqlState(err: unknown): string | undefined {
  return err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : undefined;
}

/** Rows per statement of a batched write: big enough to amortise a round trip, small enough for one message. */
export const CHUNK = 5000;

export function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
