import { SqliteBackend, StorageError, type StoreBackend } from "@dnsteer/storage";
import { PgBackend } from "./backend.js";

/** The config's `store` section: which backend, and where. */
export interface StoreSpec {
  kind: "sqlite" | "postgres";
  /** sqlite: the file's path; postgres: a postgresql:// URL (`?host=/folder` for a unix socket). */
  url: string;
  /** The probe site this process writes samples as (SQLite keeps only this one; default "local"). */
  site?: string;
}

/** Opens the backend the config names; an unknown kind is BAD_INPUT, an unreachable database OPEN_FAILED. */
export async function openStoreBackend(spec: StoreSpec): Promise<StoreBackend> {
  if (spec.kind === "sqlite") return SqliteBackend.open(spec.url, { site: spec.site ?? "local" });
  if (spec.kind === "postgres") return PgBackend.open(spec.url);
  throw new StorageError("BAD_INPUT", `store.kind must be "sqlite" or "postgres", not ${JSON.stringify((spec as { kind: unknown }).kind)}`);
}
