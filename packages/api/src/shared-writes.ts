import { StorageError, type StoreBackend } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import { ApiError } from "./errors.js";
import { storeUnavailable } from "./http/store-unavailable.js";

/**
 * `store.kind: "postgres"`: the database every site, every responder and the decider share
 * (apps/dnsteer opens it; `get` rejects while it cannot be reached). Without it (SQLite) the
 * local store is the only one.
 */
export interface SharedBackend {
  get(): Promise<StoreBackend>;
}

/**
 * A change the decider or the other sites depend on (provider overrides and drains, the policy,
 * steered names): `shared` writes it to the shared database first; only after it committed does
 * `local` write the local file and its audit entry (its result is the answer). When the
 * database cannot be reached (or drops the connection midway: the write's transaction rolls
 * back) the request fails with 503 `postgres_unreachable` and nothing is changed anywhere.
 * Without a shared database only `local` runs.
 *
 * The local write failing after the shared commit (a full disk) cannot undo the commit: the
 * answer says the change is in force and that this site's file will get it from the mirror (503
 * `not_ready` for a store that cannot take writes now, else 500), and it is logged.
 */
export async function writeShared<T>(app: FastifyInstance, shared: (backend: StoreBackend) => Promise<void>, local: () => T): Promise<T> {
  if (!app.shared) return local();
  await onShared(app.shared, shared);
  try {
    return local();
  } catch (err) {
    const why = storeUnavailable(err)?.message ?? (err instanceof Error ? err.message : String(err));
    app.log.error({ err }, "a change committed to PostgreSQL could not be written to this site's file");
    throw new ApiError(
      storeUnavailable(err) ? "not_ready" : "internal",
      `the change is in force (committed to PostgreSQL), but this site's file could not record it (${why}): it shows here after the mirror's next round once the file takes writes; its audit entry is lost`,
    );
  }
}

/** Runs `use` on the shared database; its failures as the API's errors (see `writeShared`). */
export async function onShared<T>(shared: SharedBackend, use: (backend: StoreBackend) => Promise<T>): Promise<T> {
  try {
    return await use(await shared.get());
  } catch (err) {
    throw sharedError(err);
  }
}

function sharedError(err: unknown): Error {
  if (err instanceof StorageError) {
    if (err.code === "BAD_INPUT") return new ApiError("bad_request", err.message);
    if (err.code === "UNKNOWN_PROVIDER") return new ApiError("not_found", err.message, "params.name");
    if (err.code !== "OPEN_FAILED" && err.code !== "UNREACHABLE") return err; // CORRUPT_ROW, SCHEMA_TOO_NEW...: a fault to log, not an outage
  } else if (!isConnectionLoss(err)) {
    return err instanceof Error ? err : new Error(String(err)); // a refused statement, a bug: a fault to log
  }
  const why = err instanceof Error ? err.message : String(err);
  return new ApiError(
    "postgres_unreachable",
    `the shared PostgreSQL database cannot be reached (${why}): nothing was changed; retry when it is back (DNS answers are not affected)`,
  );
}

/** Socket errors on the way to the server (a unix socket's missing file included). */
const SOCKET_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EADDRNOTAVAIL",
  "ENOENT",
]);

/**
 * The server out of reach rather than refusing: a socket error, a SQLSTATE of class 08
 * (connection exception), 57P (shutting down, cannot connect now) or 53 (out of connections or
 * resources), or pg's own words for a connection that ended or never came (no code).
 */
function isConnectionLoss(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = "code" in err ? err.code : undefined;
  if (typeof code === "string") return SOCKET_ERRORS.has(code) || /^(08|57P|53)[0-9A-Z]{2,3}$/.test(code);
  return /connection terminated|not queryable|timeout exceeded when trying to connect/i.test(err.message);
}
