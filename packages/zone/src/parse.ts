import { readFileSync } from "node:fs";
import type { Name } from "@dnsteer/wire";
import { buildZone } from "./build.js";
import { ZoneError } from "./errors.js";
import { lex } from "./lexer.js";
import { readRecords } from "./parser.js";
import type { Zone } from "./types.js";
import { canonical } from "./zone-set.js";

export interface ParseZoneOptions {
  /** Zone origin, e.g. "example.test." (case and trailing dot are normalised). */
  origin: Name;
  /** File name for messages and for resolving relative $INCLUDEs. */
  file?: string;
  /** TTL for records without one before any $TTL (otherwise RFC 1035's "last TTL stated"). */
  defaultTtl?: number;
  /** Directory for relative $INCLUDE paths when `file` is not given (default: the working directory). */
  includeRoot?: string;
}

/** Parse RFC 1035 master-file text into a validated Zone; throws ZoneError (file:line) on any fault. */
export function parseZone(text: string, opts: ParseZoneOptions): Zone {
  const origin = canonical(opts.origin);
  const records = readRecords(text, { ...opts, origin });
  return buildZone(records, origin, opts.file);
}

/**
 * Read and parse a zone file. Without `origin`, the origin is the first $ORIGIN or, failing
 * that, the first owner name, which must then be absolute (normally the SOA's).
 */
export function loadZoneFile(path: string, opts: { origin?: Name; defaultTtl?: number } = {}): Zone {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ZoneError("IO", path, 0, `cannot read zone file: ${(e as Error).message}`);
  }
  const origin = opts.origin ?? guessOrigin(text, path);
  return parseZone(text, { origin, file: path, ...(opts.defaultTtl !== undefined ? { defaultTtl: opts.defaultTtl } : {}) });
}

function guessOrigin(text: string, file: string): Name {
  for (const e of lex(text, file)) {
    const first = e.tokens[0]!;
    if (first.text.toUpperCase() === "$ORIGIN" && e.tokens[1]) return absolute(e.tokens[1].text, file, e.line);
    if (first.text.startsWith("$")) continue;
    if (e.blankOwner) break;
    return absolute(first.text, file, e.line);
  }
  throw new ZoneError("NO_SOA", file, 1, "cannot tell the zone origin: give one, or start with $ORIGIN or an absolute SOA owner");
}

function absolute(text: string, file: string, line: number): Name {
  if (!text.endsWith(".")) {
    throw new ZoneError("BAD_NAME", file, line, `cannot tell the zone origin from relative name "${text}": give an origin or use $ORIGIN`);
  }
  try {
    return canonical(text);
  } catch (e) {
    throw new ZoneError("BAD_NAME", file, line, `bad origin "${text}": ${(e as Error).message}`);
  }
}
