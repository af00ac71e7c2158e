import type Database from "better-sqlite3";
import { canonicalAddress } from "./address.js";

export type ProbeRequestStatus = "queued" | "done" | "failed";

/** "Probe this address now": written by the API after its scope check, taken by the worker. */
export interface ProbeRequest {
  id: number;
  address: string;
  provider: string | null;
  status: ProbeRequestStatus;
  requestedAt: number;
  requestedBy: string;
}

interface RequestRow {
  id: number;
  address: string;
  provider: string | null;
  status: string;
  requested_at: number;
  requested_by: string;
}

export class ProbeRequestRepo {
  private readonly insert: Database.Statement;
  private readonly one: Database.Statement<[number], RequestRow>;
  private readonly newest: Database.Statement<[number, number], RequestRow>;
  private readonly count: Database.Statement<[], { n: number }>;
  private readonly setStatus: Database.Statement<[string, number]>;

  constructor(db: Database.Database) {
    this.insert = db.prepare("INSERT INTO probe_requests (address, provider, requested_at, requested_by) VALUES (?, ?, ?, ?)");
    this.one = db.prepare("SELECT * FROM probe_requests WHERE id = ?");
    this.newest = db.prepare("SELECT * FROM probe_requests ORDER BY id DESC LIMIT ? OFFSET ?");
    this.count = db.prepare("SELECT count(*) AS n FROM probe_requests");
    this.setStatus = db.prepare("UPDATE probe_requests SET status = ? WHERE id = ?");
  }

  add(address: string, provider: string | null, requestedBy: string, now: number): ProbeRequest {
    const id = Number(this.insert.run(canonicalAddress(address).address, provider, now, requestedBy).lastInsertRowid);
    return this.get(id)!;
  }

  get(id: number): ProbeRequest | undefined {
    const row = this.one.get(id);
    return row && fromRow(row);
  }

  page(limit: number, offset: number): { items: ProbeRequest[]; total: number } {
    return { items: this.newest.all(limit, offset).map(fromRow), total: this.count.get()!.n };
  }

  /** For the worker: a request it carried out (or could not). */
  finish(id: number, status: Exclude<ProbeRequestStatus, "queued">): boolean {
    return this.setStatus.run(status, id).changes > 0;
  }
}

function fromRow(r: RequestRow): ProbeRequest {
  return {
    id: r.id,
    address: r.address,
    provider: r.provider,
    status: r.status as ProbeRequestStatus,
    requestedAt: r.requested_at,
    requestedBy: r.requested_by,
  };
}
