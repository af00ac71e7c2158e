import { hostname } from "node:os";
import type { SteeredAnswerCounts } from "@dnsteer/server";
import { type AnswerCountInput, AnswerCountRepo, MINUTE_MS, type Store } from "@dnsteer/storage";

export interface AnswerHistoryOptions {
  /** Names this responder's rows (default: the host name). */
  responder?: string;
  /** Minutes older than this are deleted, once an hour (default 7 days). */
  retainMs?: number;
}

/**
 * The steer handler's answers per provider into the store's `answer_counts` (storage migration
 * 7): every few seconds the counts since the last flush are added to the current minute's row
 * of each provider, off the query path (the hot path only increments the typed array). A failed
 * write keeps its counts for the next flush. Answers from the zone's own records are not stored.
 */
export class AnswerHistory {
  private readonly repo: AnswerCountRepo;
  /** The counts as last stored (grows with the counter when a provider is added). */
  private written: Float64Array;
  private readonly responder: string;
  private prunedAt = 0;

  constructor(
    /** The counter, or what serve's flow thread was last sent of it (names and a copy of the counts). */
    private readonly answers: Pick<SteeredAnswerCounts, "names" | "counts">,
    store: Store,
    private readonly options: AnswerHistoryOptions = {},
  ) {
    this.repo = new AnswerCountRepo(store.db);
    // Counts it starts with are taken as stored (a restarted flow thread's: see FlowData.answersSent).
    this.written = answers.counts.slice();
    this.responder = options.responder ?? hostname();
  }

  /** Adds the counts since the last flush to the minute `now` falls in; returns the rows written. */
  flush(now: number): number {
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const counts = this.answers.counts.slice(); // one consistent copy: queries keep counting meanwhile
    const rows: AnswerCountInput[] = [];
    this.answers.names.forEach((provider, i) => {
      const cell = (i + 1) * 2; // slot i + 1; slot 0, the zone's records, is not stored
      const a = (counts[cell] ?? 0) - (this.written[cell] ?? 0); // ?? 0: a provider added since the copy
      const aaaa = (counts[cell + 1] ?? 0) - (this.written[cell + 1] ?? 0);
      if (a > 0 || aaaa > 0) rows.push({ minute, responder: this.responder, provider, a, aaaa });
    });
    if (rows.length) this.repo.add(rows);
    this.written = counts;
    if (now - this.prunedAt >= 3_600_000) {
      this.prunedAt = now;
      this.repo.deleteBefore(now - (this.options.retainMs ?? 7 * 86_400_000));
    }
    return rows.length;
  }
}
