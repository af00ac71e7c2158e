import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { unescapeText, type RDataToken } from "@dnsteer/wire";
import { ZoneError } from "./errors.js";

/** Deeper than this is almost certainly a mistake, even without a loop. */
const MAX_INCLUDE_DEPTH = 16;

export interface IncludeTarget {
  path: string;
  text: string;
}

/**
 * Resolve and read an $INCLUDE target. Relative paths are relative to the including file
 * (Knot's rule; BIND uses its working directory), or to `baseDir` for text without a file.
 */
export function readInclude(
  pathToken: RDataToken,
  from: { file: string; line: number; hasFile: boolean; baseDir: string; stack: readonly string[] },
): IncludeTarget {
  const fail = (what: string) => new ZoneError("INCLUDE_FAILED", from.file, from.line, what);
  const name = Buffer.from(unescapeText(pathToken.text, "$INCLUDE file")).toString("utf8");
  const path = resolve(from.hasFile ? dirname(from.file) : from.baseDir, name);
  if (!existsSync(path)) throw fail(`$INCLUDE file "${name}" not found (looked for ${path})`);
  const real = realpathSync(path);
  if (from.stack.includes(real)) throw fail(`$INCLUDE loop: "${name}" is already being read`);
  if (from.stack.length >= MAX_INCLUDE_DEPTH) throw fail(`$INCLUDE nested more than ${MAX_INCLUDE_DEPTH} deep`);
  try {
    return { path: real, text: readFileSync(real, "utf8") };
  } catch (e) {
    throw fail(`cannot read $INCLUDE file "${name}": ${(e as Error).message}`);
  }
}
