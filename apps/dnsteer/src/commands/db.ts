import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { locateConfig } from "@dnsteer/config";
import { Store } from "@dnsteer/storage";
import { CliError } from "../cli/errors.js";

/** The store's file under the data folder (the one every process opens). */
export function storePath(dataDir: string): string {
  return join(dataDir, "dnsteer.sqlite");
}

/**
 * `dnsteer db backup FILE`: a consistent copy of the live store through SQLite's online backup
 * API (better-sqlite3's db.backup): the server and worker keep writing while it runs.
 */
export async function dbBackup(target: string, opts: { config?: string; json?: boolean }): Promise<void> {
  const { config } = locateConfig(opts.config);
  const source = storePath(config.dataDir);
  if (!existsSync(source)) throw new CliError("FAILED", `${source}: no store yet (start dnsteer first)`);
  const dest = resolve(target);
  if (existsSync(dest)) throw new CliError("USAGE", `${dest} exists; give a new file name`);
  const store = Store.open(source);
  try {
    const started = Date.now();
    const progress = await store.db.backup(dest);
    const result = { source, backup: dest, pages: progress.totalPages, ms: Date.now() - started };
    process.stdout.write(
      opts.json ? `${JSON.stringify(result)}\n` : `backed up ${source} to ${dest} (${result.pages} pages, ${result.ms} ms)\n`,
    );
  } finally {
    store.close();
  }
}
