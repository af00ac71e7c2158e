import { dirname, resolve } from "node:path";
import type { Name } from "@dnsteer/wire";
import { ZoneBuilder } from "./build.js";
import { shown, shownQuoted, ZoneError } from "./errors.js";
import { existingRealPath, type FileRefused, type ReadBudget, readZoneBytes, realFolder } from "./files.js";
import { Lexer } from "./lexer.js";
import { type ZoneLimits, zoneLimits } from "./limits.js";
import { readText } from "./parser.js";
import type { Zone } from "./types.js";
import { canonical } from "./zone-set.js";

/** How `$INCLUDE` may reach other files, and how much a zone may read. */
export interface IncludeOptions {
  /**
   * Folders (besides the zone file's own folder and its subfolders) that `$INCLUDE` may read
   * from. Relative ones resolve from the working directory.
   */
  includeDirs?: readonly string[];
  /** Size and nesting limits; unset fields take DEFAULT_ZONE_LIMITS. */
  limits?: Partial<ZoneLimits>;
}

export interface ParseZoneOptions extends IncludeOptions {
  /** Zone origin, e.g. "example.test." (case and trailing dot are normalised). */
  origin: Name;
  /** File name for messages and for resolving relative $INCLUDEs. */
  file?: string;
  /** TTL for records without one before any $TTL (otherwise RFC 1035's "last TTL stated"). */
  defaultTtl?: number;
  /**
   * Folder for relative $INCLUDE paths when `file` is not given (default: the working
   * directory); it is then also the folder includes are allowed from.
   */
  includeRoot?: string;
}

export interface LoadZoneOptions extends IncludeOptions {
  origin?: Name;
  defaultTtl?: number;
}

/**
 * Parse RFC 1035 master-file text into a validated Zone; throws ZoneError (file:line) on any
 * fault. Bytes are taken as they are (RFC 1035 text is octets); a string is taken as its UTF-8.
 */
export function parseZone(text: string | Uint8Array, opts: ParseZoneOptions): Zone {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  const budget: ReadBudget = { limits: zoneLimits(opts.limits), used: bytes.length };
  return readZone(bytes, { ...opts, origin: canonical(opts.origin) }, budget);
}

/**
 * Read and parse a zone file (a regular file, within the size limits). Without `origin`, the
 * origin is the first $ORIGIN or, failing that, the first owner name, which must then be
 * absolute (normally the SOA's).
 */
export function loadZoneFile(path: string, opts: LoadZoneOptions = {}): Zone {
  const budget: ReadBudget = { limits: zoneLimits(opts.limits), used: 0 };
  let bytes: Buffer;
  try {
    bytes = readZoneBytes(path, budget);
  } catch (refused) {
    // readZoneBytes throws nothing else: every open, stat and read error becomes a FileRefused.
    const e = refused as FileRefused;
    const code = e.reason === "too-large" ? "TOO_LARGE" : "IO";
    throw new ZoneError(code, path, 0, e.reason === "unreadable" ? `cannot read zone file: ${e.message}` : `zone file ${e.message}`);
  }
  const origin = opts.origin !== undefined ? canonical(opts.origin) : guessOrigin(bytes, path);
  return readZone(bytes, { ...opts, origin, file: path }, budget);
}

function readZone(bytes: Buffer, opts: ParseZoneOptions, budget: ReadBudget): Zone {
  const builder = new ZoneBuilder(opts.origin, opts.file);
  const baseDir = resolve(opts.includeRoot ?? process.cwd());
  const stack: string[] = [];
  let home = baseDir;
  if (opts.file !== undefined) {
    const real = existingRealPath(opts.file);
    if (real !== undefined) {
      stack.push(real);
      home = dirname(real);
    } else {
      // Text that claims a file name which does not exist still parses; includes resolve from it.
      home = dirname(resolve(opts.file));
    }
  }
  const allowedDirs = [realFolder(home), ...(opts.includeDirs ?? []).map(realFolder)];
  readText(
    bytes,
    { builder, ttl: opts.defaultTtl, lastTtl: undefined, zoneClass: undefined, baseDir, stack, allowedDirs, budget },
    { file: opts.file ?? "<text>", hasFile: opts.file !== undefined, origin: opts.origin, lastOwner: undefined, depth: 0 },
  );
  return builder.finish();
}

function guessOrigin(bytes: Buffer, file: string): Name {
  const lexer = new Lexer(bytes, file);
  while (lexer.next()) {
    const [first, second] = lexer.tokens;
    if (first!.text.toUpperCase() === "$ORIGIN" && second) return absolute(second.text, file, lexer.line);
    if (first!.text.startsWith("$")) continue;
    if (lexer.blankOwner) break;
    return absolute(first!.text, file, lexer.line);
  }
  throw new ZoneError("NO_SOA", file, 1, "cannot tell the zone origin: give one, or start with $ORIGIN or an absolute SOA owner");
}

function absolute(text: string, file: string, line: number): Name {
  if (!text.endsWith(".")) {
    throw new ZoneError(
      "BAD_NAME",
      file,
      line,
      `cannot tell the zone origin from relative name "${shown(text)}": give an origin or use $ORIGIN`,
    );
  }
  try {
    return canonical(text);
  } catch (e) {
    throw new ZoneError("BAD_NAME", file, line, `bad origin "${shown(text)}": ${shownQuoted((e as Error).message)}`);
  }
}
