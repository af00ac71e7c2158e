import { open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { StorageError } from "../errors.js";
import type { DecisionMap } from "./backend.js";

const FORMAT = "dnsteer-decision-map/1";

/** Routes as [prefix, length, provider] triples: a 100k-route map stays a few MB. */
const fileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.number().int().min(0),
  savedAt: z.number().finite(),
  routes: z.array(z.tuple([z.string().min(1), z.number().int().min(0).max(128), z.string().min(1)])),
});

/** A map read back from the cache, and when it was last known to be the database's. */
export interface CachedMap {
  map: DecisionMap;
  savedAt: number;
}

let sequence = 0;

/**
 * The responder's last decision map on local disk, so it can start answering when the database
 * is unreachable at boot. Written whole to a temporary file in the same folder, synced, then
 * renamed over the old one (and the folder synced): a reader sees the old map or the new one,
 * never a half-written file, even after a power cut.
 */
export class MapCacheFile {
  constructor(readonly path: string) {}

  /** `savedAt`: when this map was last confirmed to be the database's (usually now). */
  async save(map: DecisionMap, savedAt: number): Promise<void> {
    const body = JSON.stringify({
      format: FORMAT,
      version: map.version,
      savedAt,
      routes: map.routes.map((r) => [r.prefix, r.prefixLength, r.provider]),
    });
    const temp = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.${++sequence}.tmp`);
    try {
      const file = await open(temp, "w", 0o644);
      try {
        await file.writeFile(body);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, this.path);
      await syncFolder(dirname(this.path));
    } catch (err) {
      await rm(temp, { force: true });
      throw new StorageError("OPEN_FAILED", `cannot write the decision map cache ${this.path}: ${String(err)}`, { cause: err });
    }
  }

  /** The cached map; undefined when there is none yet. A file that is not a map is `CORRUPT_ROW`. */
  async load(): Promise<CachedMap | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      if (err instanceof Error && "code" in err && err.code === "ENOENT") return undefined;
      throw new StorageError("OPEN_FAILED", `cannot read the decision map cache ${this.path}: ${String(err)}`, { cause: err });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new StorageError("CORRUPT_ROW", `decision map cache ${this.path} is not JSON: ${String(err)}`, { cause: err });
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new StorageError(
        "CORRUPT_ROW",
        `decision map cache ${this.path} is not a decision map: ${issue.path.join(".") || "file"}: ${issue.message}`,
      );
    }
    const { version, savedAt, routes } = parsed.data;
    return {
      map: { version, routes: routes.map(([prefix, prefixLength, provider]) => ({ prefix, prefixLength, provider })) },
      savedAt,
    };
  }
}

/** fsync of the folder makes the rename itself durable (POSIX); some file systems refuse it, which changes nothing here. */
async function syncFolder(folder: string): Promise<void> {
  const dir = await open(folder, "r");
  try {
    await dir.sync().catch(() => undefined);
  } finally {
    await dir.close();
  }
}
