import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where the committed corpus lives (fixtures/fuzz): `wire/*.bin` messages, `zone/*.zone` files. */
export const CORPUS_DIR = resolve(import.meta.dirname, "../../fixtures/fuzz");
/** The project's own zone fixtures join the zone corpus. */
const ZONE_FIXTURES = resolve(import.meta.dirname, "../../fixtures/zones");

/** One corpus entry: its file name (to name it in a report) and its bytes. */
export interface Seed {
  name: string;
  bytes: Uint8Array;
}

function readSeeds(dir: string, suffix: string): Seed[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(dir, f))) }));
}

/** Real DNS messages (queries and responses) recorded from dig/kdig and Knot. */
export function wireCorpus(): { queries: Seed[]; responses: Seed[] } {
  const all = readSeeds(join(CORPUS_DIR, "wire"), ".bin");
  return { queries: all.filter((s) => s.name.includes(".query.")), responses: all.filter((s) => s.name.includes(".response.")) };
}

/** Zone files: fixtures/zones plus the hand-written ones in fixtures/fuzz/zone. */
export function zoneCorpus(): Seed[] {
  return [...readSeeds(ZONE_FIXTURES, ".zone"), ...readSeeds(join(CORPUS_DIR, "zone"), ".zone")];
}
