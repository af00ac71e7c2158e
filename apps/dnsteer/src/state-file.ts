import { readFileSync, renameSync, writeFileSync } from "node:fs";

/*
 * The small JSON state files the long-running commands leave in the data folder for
 * `dnsteer status` (another process) to read: the supervisor's, the responder's link to a shared
 * database, a probe site's, serve's thread deaths.
 */

/** Writes `value` as JSON through a temp file and a rename: a reader never sees half a file. */
export function writeStateFile(path: string, value: unknown, indent?: number): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, indent)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** The JSON at `path`, or null when there is none (not written yet) or it does not read. */
export function readStateFile<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return null;
  }
}
