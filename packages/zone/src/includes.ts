import { dirname, resolve, sep } from "node:path";
import { type RDataToken, unescapeText, WireError } from "@dnsteer/wire";
import { shown, ZoneError } from "./errors.js";
import { existingRealPath, type FileRefused, type ReadBudget, readZoneBytes } from "./files.js";

/** Where an `$INCLUDE` was met, and what reading the zone allows. */
export interface IncludeSite {
  file: string;
  line: number;
  /** False for text given without a file name: relative paths then resolve from `baseDir`. */
  hasFile: boolean;
  baseDir: string;
  /** Real paths of the files being read, outermost first (loop detection). */
  stack: readonly string[];
  /** Include level of the file the directive is in: 0 for the zone file. */
  depth: number;
  /** Real paths of the folders included files must be in (with their subfolders). */
  allowedDirs: readonly string[];
  budget: ReadBudget;
}

export interface IncludeTarget {
  path: string;
  bytes: Buffer;
}

/**
 * Resolve, vet and read an $INCLUDE target. Relative paths are relative to the including file
 * (Knot's rule; BIND uses its working directory). Only regular files inside the allowed folders
 * are read, within the size and depth limits; symbolic links count where they lead.
 */
export function readInclude(pathToken: RDataToken, at: IncludeSite): IncludeTarget {
  const fail = (code: "INCLUDE_FAILED" | "INCLUDE_DENIED" | "TOO_LARGE", what: string) => new ZoneError(code, at.file, at.line, what);
  let name: string;
  try {
    name = Buffer.from(unescapeText(pathToken.text, "$INCLUDE file")).toString("utf8");
  } catch (e) {
    if (e instanceof WireError) throw fail("INCLUDE_FAILED", `bad $INCLUDE file name "${shown(pathToken.text)}"`);
    throw e;
  }
  const path = resolve(at.hasFile ? dirname(at.file) : at.baseDir, name);
  const real = existingRealPath(path);
  if (real === undefined) throw fail("INCLUDE_FAILED", `$INCLUDE file "${shown(name)}" not found (looked for ${shown(path, 200)})`);
  if (!at.allowedDirs.some((dir) => isInside(real, dir))) {
    throw fail(
      "INCLUDE_DENIED",
      `$INCLUDE file "${shown(name)}" is outside the folders zone files may include from (${at.allowedDirs.join(", ")})`,
    );
  }
  if (at.stack.includes(real)) throw fail("INCLUDE_FAILED", `$INCLUDE loop: "${shown(name)}" is already being read`);
  if (at.depth + 1 > at.budget.limits.maxIncludeDepth)
    throw fail("INCLUDE_FAILED", `$INCLUDE nested more than ${at.budget.limits.maxIncludeDepth} deep`);
  try {
    return { path: real, bytes: readZoneBytes(real, at.budget) };
  } catch (refused) {
    // readZoneBytes throws nothing else: every open, stat and read error becomes a FileRefused.
    const e = refused as FileRefused;
    const code = e.reason === "not-regular" ? "INCLUDE_DENIED" : e.reason === "too-large" ? "TOO_LARGE" : "INCLUDE_FAILED";
    throw fail(code, `$INCLUDE file "${shown(name)}" ${e.reason === "unreadable" ? `cannot be read: ${e.message}` : e.message}`);
  }
}

/** True when `path` (a real path) is inside `dir` (a real folder) or one of its subfolders. */
function isInside(path: string, dir: string): boolean {
  // Real folders never end in a separator, except the root itself.
  return dir === sep || path.startsWith(dir + sep);
}
