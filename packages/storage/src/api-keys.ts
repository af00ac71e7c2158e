import type Database from "better-sqlite3";

export type ApiKeyScope = "read" | "admin";

/** A stored key: `hash` is sha256 of the whole token (tokens carry 256 random bits, so no salt or stretching is needed). */
export interface ApiKeyRecord {
  id: string;
  name: string;
  scope: ApiKeyScope;
  hash: Buffer;
  createdAt: number;
  revokedAt: number | null;
}

interface KeyRow {
  id: string;
  name: string;
  scope: string;
  hash: Buffer;
  created_at: number;
  revoked_at: number | null;
}

/** API keys; the token itself is never stored. */
export class ApiKeyRepo {
  private readonly insert: Database.Statement;
  private readonly one: Database.Statement<[string], KeyRow>;
  private readonly all: Database.Statement<[], KeyRow>;
  private readonly revokeOne: Database.Statement<[number, string]>;
  private readonly activeAdmins: Database.Statement<[], { n: number }>;
  private readonly active: Database.Statement<[], { n: number }>;

  constructor(db: Database.Database) {
    this.insert = db.prepare("INSERT INTO api_keys (id, name, scope, hash, created_at) VALUES (?, ?, ?, ?, ?)");
    this.one = db.prepare("SELECT * FROM api_keys WHERE id = ?");
    this.all = db.prepare("SELECT * FROM api_keys ORDER BY created_at, id");
    this.revokeOne = db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    this.activeAdmins = db.prepare("SELECT count(*) AS n FROM api_keys WHERE scope = 'admin' AND revoked_at IS NULL");
    this.active = db.prepare("SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NULL");
  }

  add(key: Omit<ApiKeyRecord, "revokedAt">): void {
    this.insert.run(key.id, key.name, key.scope, key.hash, key.createdAt);
  }

  get(id: string): ApiKeyRecord | undefined {
    const row = this.one.get(id);
    return row && fromRow(row);
  }

  list(): ApiKeyRecord[] {
    return this.all.all().map(fromRow);
  }

  /** False when the key does not exist or was already revoked. */
  revoke(id: string, at: number): boolean {
    return this.revokeOne.run(at, id).changes > 0;
  }

  countActiveAdmins(): number {
    return this.activeAdmins.get()!.n;
  }

  countActive(): number {
    return this.active.get()!.n;
  }
}

function fromRow(r: KeyRow): ApiKeyRecord {
  return { id: r.id, name: r.name, scope: r.scope as ApiKeyScope, hash: r.hash, createdAt: r.created_at, revokedAt: r.revoked_at };
}
