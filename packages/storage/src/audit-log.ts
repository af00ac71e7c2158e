import type Database from "better-sqlite3";

/** Who made a change: the API key (id and name, never the token) and the peer address. */
export interface Actor {
  keyId: string;
  keyName: string;
  remote: string;
}

export interface AuditInput {
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

export interface AuditEntry extends Actor, AuditInput {
  id: number;
  at: number;
}

export interface AuditQuery {
  action?: string;
  keyId?: string;
  limit: number;
  offset: number;
}

interface AuditRow {
  id: number;
  at: number;
  key_id: string;
  key_name: string;
  remote: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
}

/** The API's append-only log of changes (the table's triggers refuse UPDATE and DELETE). */
export class AuditLogRepo {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement<Record<string, unknown>, AuditRow>;
  private readonly count: Database.Statement<Record<string, unknown>, { n: number }>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO audit_log (at, key_id, key_name, remote, action, target, before, after)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const where = "WHERE (@action IS NULL OR action = @action) AND (@key IS NULL OR key_id = @key)";
    this.select = db.prepare(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`);
    this.count = db.prepare(`SELECT count(*) AS n FROM audit_log ${where}`);
  }

  /** Call inside the transaction that makes the change, so the change and its entry commit together. */
  append(actor: Actor, entry: AuditInput, at: number): number {
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
    return Number(
      this.insert.run(at, actor.keyId, actor.keyName, actor.remote, entry.action, entry.target, json(entry.before), json(entry.after))
        .lastInsertRowid,
    );
  }

  /** Newest first. */
  page(q: AuditQuery): { items: AuditEntry[]; total: number } {
    const args = { action: q.action ?? null, key: q.keyId ?? null };
    const rows = this.select.all({ ...args, limit: q.limit, offset: q.offset });
    return { items: rows.map(fromRow), total: this.count.get(args)!.n };
  }
}

function fromRow(r: AuditRow): AuditEntry {
  const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));
  return {
    id: r.id,
    at: r.at,
    keyId: r.key_id,
    keyName: r.key_name,
    remote: r.remote,
    action: r.action,
    target: r.target,
    before: parse(r.before),
    after: parse(r.after),
  };
}
