import type { Testbed } from "../../../../fixtures/testbed/index.js";
import { decisionOf, digThrough, explainSource, readDb } from "./observe.js";

export interface Answers { [resolver: string]: string }

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface World {
  tb: Testbed;
  dbPath: string;
  resolvers: string[];
  /** Service address -> provider name (and the zone's default -> "zone-default"). */
  providerOf: (answer: string) => string;
  /** Tail of the daemons' logs, for failures. */
  logs: () => string;
}

/** The answer each resolver gets right now (queried in parallel). */
export async function answersNow(w: World, name: string): Promise<Answers> {
  const out: Answers = {};
  await Promise.all(w.resolvers.map(async (r) => (out[r] = w.providerOf(await digThrough(w.tb, r, name)))));
  return out;
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
