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

/** A client config for `url` (postgresql://user@host:port/db, ?host=/folder for a unix socket). */
export function clientConfig(url: string, extra: pg.ClientConfig = {}): pg.ClientConfig {
  // A server that does not answer at all (a site cut off, a firewall dropping packets) must not
  // hold a responder's start or a bridge's round for TCP's own timeout (minutes): 5 s.
  return {
    connectionString: url,
    types: numberTypes as pg.CustomTypesConfig,
    application_name: "dnsteer",
    connectionTimeoutMillis: 5000,
    ...extra,
  };
}

export function openPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(url), max });
  // An idle client's lost connection is reported here; the next query gets a fresh one.
  pool.on("error", () => undefined);
  return pool;
}

/** Runs `fn` in one transaction on one pooled client; rolls back when it throws. */
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
    if (!broken) await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
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
