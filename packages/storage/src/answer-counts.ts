import type Database from "better-sqlite3";
import { StorageError } from "./errors.js";

/** One responder's answers for one provider within one minute (what it adds to the stored row). */
export interface AnswerCountInput {
  /** The minute's start, epoch ms (a multiple of 60 000). */
  minute: number;
  /** Which responder answered (its host name, by default). */
  responder: string;
  provider: string;
  a: number;
  aaaa: number;
}

/** Answers for one provider in one minute, summed over every responder. */
export interface AnswerMinute {
  minute: number;
  provider: string;
  a: number;
  aaaa: number;
}

export interface AnswerRangeQuery {
  /** First minute included (epoch ms; rounded down to its minute). */
  since: number;
  /** Minutes starting before this are included (epoch ms); default: all. */
  until?: number;
  provider?: string;
}

export const MINUTE_MS = 60_000;

/**
 * The responder's steered answers per minute (migration 7). The responder adds each flush's
 * counts to the current minute's row (an additive upsert), a few rows every few seconds, never
 * one per query; the API reads them summed over responders for the answer shares over time.
 */
export class AnswerCountRepo {
  private readonly upsert: Database.Statement;
  private readonly range: Database.Statement<[number, number], AnswerMinute>;
  private readonly rangeOf: Database.Statement<[number, number, string], AnswerMinute>;
  private readonly prune: Database.Statement<[number]>;

  constructor(private readonly db: Database.Database) {
    this.upsert = db.prepare(`INSERT INTO answer_counts (minute, responder, provider, a, aaaa) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (minute, responder, provider) DO UPDATE SET a = a + excluded.a, aaaa = aaaa + excluded.aaaa`);
    const select = `SELECT minute, provider, SUM(a) AS a, SUM(aaaa) AS aaaa FROM answer_counts
      WHERE minute >= ? AND minute < ?`;
    this.range = db.prepare(`${select} GROUP BY minute, provider ORDER BY minute, provider`);
    this.rangeOf = db.prepare(`${select} AND provider = ? GROUP BY minute, provider ORDER BY minute, provider`);
    this.prune = db.prepare("DELETE FROM answer_counts WHERE minute < ?");
  }

  /** Adds every row's counts in one transaction; a row that does not fit writes nothing (BAD_INPUT). */
  add(rows: readonly AnswerCountInput[]): void {
    for (const r of rows) checkRow(r);
    this.db
      .transaction(() => {
        for (const r of rows) if (r.a > 0 || r.aaaa > 0) this.upsert.run(r.minute, r.responder, r.provider, r.a, r.aaaa);
      })
      .immediate();
  }

  /** Answers per minute and provider, summed over responders, oldest first. */
  perMinute(q: AnswerRangeQuery): AnswerMinute[] {
    const since = Math.floor(q.since / MINUTE_MS) * MINUTE_MS;
    const until = q.until ?? Number.MAX_SAFE_INTEGER;
    return q.provider === undefined ? this.range.all(since, until) : this.rangeOf.all(since, until, q.provider);
  }

  /** Drops the minutes starting before `time`; returns how many rows went. */
  deleteBefore(time: number): number {
    return this.prune.run(time).changes;
  }
}

function checkRow(r: AnswerCountInput): void {
  const bad = (what: string) => new StorageError("BAD_INPUT", `answer count ${r.responder}/${r.provider}@${r.minute}: ${what}`);
  if (!Number.isSafeInteger(r.minute) || r.minute % MINUTE_MS !== 0) throw bad("minute must be a whole minute in epoch ms");
  if (!r.responder || !r.provider) throw bad("responder and provider must be named");
  for (const n of [r.a, r.aaaa]) if (!Number.isSafeInteger(n) || n < 0) throw bad("counts must be whole numbers >= 0");
}
