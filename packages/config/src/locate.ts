import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { defaultConfig } from "./defaults.js";
import { loadConfig } from "./load.js";
import type { Config } from "./schema.js";

/** The file a command's config was read from; null for the embedded default. */
export interface LocatedConfig {
  config: Config;
  path: string | null;
}

/** The file every command looks for in the folder it runs in when given none. */
export const CONFIG_FILE_NAME = "dnsteer.json";

/**
 * The config `serve`, `worker` and `explain` run with, found the same way by each: the
 * `--config` file, else `$DNSTEER_CONFIG`, else `./dnsteer.json` when there is one, else the
 * embedded default. A file's relative paths are resolved against its folder (`loadConfig`).
 */
export function locateConfig(
  flag?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd = process.cwd(),
): LocatedConfig {
  const inFolder = resolve(cwd, CONFIG_FILE_NAME);
  const given = flag || env.DNSTEER_CONFIG || (existsSync(inFolder) ? inFolder : undefined);
  if (given === undefined) return { config: defaultConfig(), path: null };
  const path = resolve(cwd, given);
  return { config: loadConfig(path), path };
}

/** "config: /etc/dnsteer/dnsteer.json" or "config: embedded default": which config a command used. */
export function describeConfig(located: LocatedConfig): string {
  return `config: ${located.path ?? "embedded default"}`;
}
