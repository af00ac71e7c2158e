import type { ProbeKind } from "@dnsteer/model";
import type Database from "better-sqlite3";
import { canonicalAddress } from "./address.js";

export type ProbeRequestStatus = "queued" | "done" | "failed";

/** What probing a requested address through one provider found. */
export interface ProbeRequestResult {
  provider: string;
  kind: ProbeKind;
  /** Probes sent through this provider. */
  probes: number;
  /** Median RTT of the answered probes; null when none answered. */
  rttMs: number | null;
  /** Share of the probes that got no answer (0-1). */
  loss: number;
  /** Why probes could not leave (e.g. SOURCE_NOT_LOCAL), when they could not. */
  error: string | null;
}

/** "Probe this address now": written by the API after its scope check, taken by the worker. */
export interface ProbeRequest {
  id: number;
  address: string;
  provider: string | null;
  status: ProbeRequestStatus;
  requestedAt: number;
  requestedBy: string;
  /** Per provider, once the worker is done (null while queued, or when it probed nothing). */
  results: ProbeRequestResult[] | null;
  /** Why the request failed. */
  error: string | null;
  finishedAt: number | null;
}

interface RequestRow {
  id: number;
  address: string;
  provider: string | null;
  status: string;
  requested_at: number;
  requested_by: string;
  results: string | null;
  error: string | null;
  finished_at: number | null;
}

export class ProbeRequestRepo {
  private readonly insert: Database.Statement;
  private readonly one: Database.Statement<[number], RequestRow>;
  private readonly newest: Database.Statement<[number, number], RequestRow>;
  private readonly oldestQueued: Database.Statement<[number], RequestRow>;
  private readonly count: Database.Statement<[], { n: number }>;
  private readonly setOutcome: Database.Statement<[string, string | null, string | null, number, number]>;

  constructor(db: Database.Database) {
    this.insert = db.prepare("INSERT INTO probe_requests (address, provider, requested_at, requested_by) VALUES (?, ?, ?, ?)");
    this.one = db.prepare("SELECT * FROM probe_requests WHERE id = ?");
    this.newest = db.prepare("SELECT * FROM probe_requests ORDER BY id DESC LIMIT ? OFFSET ?");
    this.oldestQueued = db.prepare("SELECT * FROM probe_requests WHERE status = 'queued' ORDER BY id LIMIT ?");
    this.count = db.prepare("SELECT count(*) AS n FROM probe_requests");
    // Only a queued request finishes: a second worker (or a retry) cannot overwrite an outcome.
    this.setOutcome = db.prepare(
      "UPDATE probe_requests SET status = ?, results = ?, error = ?, finished_at = ? WHERE id = ? AND status = 'queued'",
    );
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

  /** For the worker: the oldest requests still queued (an index scan: probe_requests_status). */
  queued(limit: number): ProbeRequest[] {
    return this.oldestQueued.all(limit).map(fromRow);
  }

  /** For the worker: a request it carried out (or could not). False when it was not queued. */
  finish(
    id: number,
    status: Exclude<ProbeRequestStatus, "queued">,
    outcome: { results?: ProbeRequestResult[] | null; error?: string | null; now: number },
  ): boolean {
    const results = outcome.results ? JSON.stringify(outcome.results) : null;
    return this.setOutcome.run(status, results, outcome.error ?? null, outcome.now, id).changes > 0;
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
    results: r.results === null ? null : (JSON.parse(r.results) as ProbeRequestResult[]),
    error: r.error,
    finishedAt: r.finished_at,
  };
}
