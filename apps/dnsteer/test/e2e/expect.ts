import type { Testbed } from "../../../../fixtures/testbed/index.js";
import { decisionOf, digEach, digThrough, explainSource, readDb } from "./observe.js";

export interface Answers {
  [resolver: string]: string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface World {
  tb: Testbed;
  dbPath: string;
  resolvers: string[];
  /** Service address -> provider name (and the zone's default -> "zone-default"). */
  providerOf: (answer: string) => string;
  /** Scratch file for `dig -f`. */
  digBatchFile: string;
  /** Tail of the daemons' logs, for failures. */
  logs: () => string;
}

/** The answer each resolver gets right now (queried in parallel). */
export async function answersNow(w: World, name: string): Promise<Answers> {
  const raw = await digEach(w.tb, w.resolvers, name, w.digBatchFile);
  return Object.fromEntries(w.resolvers.map((r) => [r, w.providerOf(raw[r]!)]));
}

/** A failure report: per resolver expected vs actual, and why (measurements, decision reasons). */
export function report(w: World, title: string, expected: Answers, actual: Answers): string {
  const db = readDb(w.dbPath);
  const rows = w.resolvers.map((r) => {
    const mark = expected[r] === undefined || expected[r] === actual[r] ? "ok " : "BAD";
    const d = decisionOf(db, r);
    return `${mark} ${r}: expected ${expected[r] ?? "(any)"} got ${actual[r]} (stored decision ${d?.provider ?? "none"})\n${explainSource(w.tb, db, r)}`;
  });
  return `${title}\n${rows.join("\n")}\n--- daemon logs (tail) ---\n${w.logs()}`;
}

/**
 * Poll until every resolver's answer matches `expected` (provider names), at most `withinMs`.
 * Returns the time it took; throws a full report otherwise.
 */
export async function awaitAnswers(w: World, name: string, expected: Answers, withinMs: number, title: string): Promise<number> {
  const start = Date.now();
  let actual: Answers = {};
  for (;;) {
    actual = await answersNow(w, name);
    if (w.resolvers.every((r) => actual[r] === expected[r])) return Date.now() - start;
    if (Date.now() - start > withinMs) break;
    await sleep(100);
  }
  throw new Error(report(w, `${title}: not every resolver had its expected provider after ${withinMs} ms`, expected, actual));
}

/**
 * Like awaitAnswers, but timed per resolver from the moment its own change was in force
 * (`since[resolver]`, ms epoch): edits go one resolver after another, and timing everyone from
 * the last edit would hide a slow move of the first. Returns each resolver's time to its first
 * matching answer; throws a report when any takes longer than `boundMs`.
 */
export async function awaitAnswersEach(
  w: World,
  name: string,
  expected: Answers,
  since: Record<string, number>,
  boundMs: number,
  title: string,
): Promise<Record<string, number>> {
  const took: Record<string, number> = {};
  let actual: Answers = {};
  const deadline = Math.max(...Object.values(since)) + boundMs;
  for (;;) {
    actual = await answersNow(w, name);
    const now = Date.now();
    for (const r of w.resolvers) if (took[r] === undefined && actual[r] === expected[r]) took[r] = now - since[r]!;
    if (w.resolvers.every((r) => took[r] !== undefined)) break;
    if (now > deadline) throw new Error(report(w, `${title}: not every resolver moved within ${boundMs} ms`, expected, actual));
    await sleep(100);
  }
  const slow = w.resolvers.filter((r) => took[r]! > boundMs);
  if (slow.length)
    throw new Error(
      report(w, `${title}: ${slow.map((r) => `${r} took ${took[r]} ms`).join(", ")} (bound ${boundMs} ms)`, expected, actual),
    );
  return took;
}

/**
 * Per resolver, its own dig loop (in parallel): the time from `t0` to the end of the first dig
 * whose answer satisfies `ok`, reset if a later answer does not. An answer is produced before its
 * dig ends, so each time is an upper bound, and it includes what unbound spends retrying around
 * a dead stub address (the delay a client sees). Stops once all hold, or `deadlineMs` after `t0`.
 */
export async function timeEach(
  w: World,
  name: string,
  ok: (resolver: string, provider: string) => boolean,
  t0: number,
  deadlineMs: number,
): Promise<{ took: Record<string, number | undefined>; last: Answers }> {
  const took: Record<string, number | undefined> = {};
  const last: Answers = {};
  const done = () => w.resolvers.every((r) => took[r] !== undefined);
  await Promise.all(
    w.resolvers.map(async (r) => {
      while (Date.now() - t0 < deadlineMs && !done()) {
        last[r] = w.providerOf(await digThrough(w.tb, r, name));
        if (!ok(r, last[r]!)) took[r] = undefined;
        else took[r] ??= Date.now() - t0;
        await sleep(50);
      }
    }),
  );
  return { took, last };
}
