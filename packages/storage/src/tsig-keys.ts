import type Database from "better-sqlite3";
import { StorageError } from "./errors.js";

export type TsigAlgorithmName = "hmac-sha1" | "hmac-sha256" | "hmac-sha384" | "hmac-sha512";

/** A TSIG key added through the admin API (migration 9); config-file keys are not stored. */
export interface StoredTsigKey {
  /** The key's DNS name, lower case, no final dot. */
  name: string;
  algorithm: TsigAlgorithmName;
  /** base64, as in BIND's and Knot's key files. */
  secret: string;
  createdAt: number;
  /** Who added it (the API key's id), null when unknown. */
  createdBy: string | null;
}

interface Row {
  name: string;
  algorithm: string;
  secret: string;
  created_at: number;
  created_by: string | null;
}

const ALGORITHMS: ReadonlySet<string> = new Set(["hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"]);

/** The stored spelling of a key name: lower case, no final dot ("Xfr.Key." → "xfr.key"). */
export function tsigKeyName(name: string): string {
  return name.replace(/\.$/, "").toLowerCase();
}

/**
 * TSIG keys managed through the API. The responder reads them with the config's keys when it
 * starts and at every reload; the API never returns a secret except once, when it made it.
 */
export class TsigKeyRepo {
  private readonly insert: Database.Statement;
  private readonly one: Database.Statement<[string], Row>;
  private readonly all: Database.Statement<[], Row>;
  private readonly remove: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      "INSERT INTO tsig_keys (name, algorithm, secret, created_at, created_by) VALUES (@name, @algorithm, @secret, @created_at, @created_by)",
    );
    this.one = db.prepare("SELECT * FROM tsig_keys WHERE name = ?");
    this.all = db.prepare("SELECT * FROM tsig_keys ORDER BY name");
    this.remove = db.prepare("DELETE FROM tsig_keys WHERE name = ?");
  }

  list(): StoredTsigKey[] {
    return this.all.all().map(keyFromRow);
  }

  get(name: string): StoredTsigKey | undefined {
    const row = this.one.get(tsigKeyName(name));
    return row ? keyFromRow(row) : undefined;
  }

  /** Adds a key; false when one of that name is already stored (nothing changes). */
  add(key: Omit<StoredTsigKey, "createdAt" | "createdBy">, createdAt: number, createdBy: string | null): boolean {
    if (!ALGORITHMS.has(key.algorithm)) throw new StorageError("BAD_INPUT", `tsig algorithm ${key.algorithm} is not supported`);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key.secret)) throw new StorageError("BAD_INPUT", "tsig secret must be base64");
    try {
      this.insert.run({
        name: tsigKeyName(key.name),
        algorithm: key.algorithm,
        secret: key.secret,
        created_at: Math.round(createdAt),
        created_by: createdBy,
      });
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") return false;
      throw err;
    }
  }

  /** Deletes a key; false when there was none of that name. */
  delete(name: string): boolean {
    return this.remove.run(tsigKeyName(name)).changes > 0;
  }
}

function keyFromRow(r: Row): StoredTsigKey {
  if (!ALGORITHMS.has(r.algorithm)) throw new StorageError("CORRUPT_ROW", `tsig key ${r.name}: algorithm ${r.algorithm}`);
  return { name: r.name, algorithm: r.algorithm as TsigAlgorithmName, secret: r.secret, createdAt: r.created_at, createdBy: r.created_by };
}
