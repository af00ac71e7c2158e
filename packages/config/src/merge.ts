/**
 * A config file over the embedded default: objects merge key by key at every depth, so a file
 * gives only what it changes (`"tcp": {"maxConnections": 10}` keeps every other tcp key);
 * arrays and scalars replace the default's whole (a `listen` list is the file's list).
 */
export function mergeOverDefaults(defaults: unknown, file: unknown): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(file)) return file === undefined ? defaults : file;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(file)) merged[key] = mergeOverDefaults(defaults[key], value);
  return merged;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A zod issue path as the file spells it: `listen[1].address`, `tcp.prefix.v6`. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out === "" ? String(part) : `.${String(part)}`;
  return out || "(root)";
}
