import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { defaultConfig } from "./defaults.js";
import { ConfigError } from "./errors.js";
import { keyPath, mergeOverDefaults } from "./merge.js";
import { type Config, configSchema } from "./schema.js";

/**
 * Read a JSON config file over the defaults (objects merge at every depth, arrays replace;
 * see mergeOverDefaults), validate it, and make its paths absolute relative to the file's folder.
 */
export function loadConfig(path?: string): Config {
  if (!path) return defaultConfig();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ConfigError("UNREADABLE", `${path}: ${(err as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new ConfigError("INVALID", `${path}: the config must be a JSON object`);
  const parsed = configSchema.safeParse(mergeOverDefaults(defaultConfig(), raw));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${keyPath(i.path)}: ${i.message}`);
    throw new ConfigError("INVALID", `${path}: ${issues.join("; ")}`);
  }
  const base = dirname(resolve(path));
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const config = parsed.data;
  return {
    ...config,
    dataDir: abs(config.dataDir),
    zones: config.zones.map((z) => ({ ...z, file: abs(z.file), ...(z.includeDirs ? { includeDirs: z.includeDirs.map(abs) } : {}) })),
  };
}
