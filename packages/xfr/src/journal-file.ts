import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { codecFor, MessageReader, parseName, type RR, rdataToWire, type SOAData } from "@dnsteer/wire";
import type { Delta } from "./delta.js";
import { XfrError } from "./errors.js";
import type { ZoneJournal } from "./journal.js";

/**
 * The journal on disk (the app keeps it at `<dataDir>/journals/<origin>journal`), JSON lines: a
 * header, then one line per delta, each record as owner, type, class, TTL and its RDATA
 * octets (uncompressed, base64). Rewritten whole (temporary file + rename, so a crash leaves
 * the old or the new file, never half of one): the history is bounded, so the file is small.
 *
 * Why a file and not the SQLite store: the history belongs to the zone (as BIND's .jnl and
 * Knot's journal do), the responder process writes it at reload without the store's
 * single-writer lock, and the server package never opens the store.
 */
interface StoredRR {
  n: string;
  t: number;
  c: number;
  l: number;
  d: string;
}
interface StoredDelta {
  from: StoredRR;
  to: StoredRR;
  removed: StoredRR[];
  added: StoredRR[];
}
const VERSION = 1;

function store(rr: RR): StoredRR {
  return { n: rr.name, t: rr.type, c: rr.class, l: rr.ttl, d: Buffer.from(rdataToWire(rr.type, rr.data)).toString("base64") };
}

function load(s: StoredRR): RR {
  const bytes = Buffer.from(s.d, "base64");
  return { name: parseName(s.n), type: s.t, class: s.c, ttl: s.l, data: codecFor(s.t).decode(new MessageReader(bytes), bytes.length) };
}

export function writeJournalFile(path: string, journal: ZoneJournal): void {
  const lines = [JSON.stringify({ version: VERSION, origin: journal.origin, digest: journal.digest ?? null })];
  for (const d of journal.all())
    lines.push(
      JSON.stringify({
        from: store(d.from),
        to: store(d.to),
        removed: d.removed.map(store),
        added: d.added.map(store),
      } satisfies StoredDelta),
    );
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${lines.join("\n")}\n`);
  renameSync(tmp, path);
}

/** The history in `path`, or none when there is no file. A file that does not read back is JOURNAL_CORRUPT. */
export function readJournalFile(path: string, journal: ZoneJournal): boolean {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
  try {
    const [head, ...rest] = text.split("\n").filter((l) => l.length > 0);
    const header = JSON.parse(head ?? "") as { version: number; origin: string; digest: string | null };
    if (header.version !== VERSION || header.origin !== journal.origin)
      throw new Error(`header is for ${header.origin} version ${header.version}`);
    const deltas: Delta[] = rest.map((line) => {
      const s = JSON.parse(line) as StoredDelta;
      return { from: load(s.from) as RR<SOAData>, to: load(s.to) as RR<SOAData>, removed: s.removed.map(load), added: s.added.map(load) };
    });
    journal.restore(deltas, header.digest ?? undefined);
    return true;
  } catch (e) {
    throw new XfrError("JOURNAL_CORRUPT", `journal ${path}: ${(e as Error).message}`, { cause: e });
  }
}
