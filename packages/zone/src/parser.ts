import { realpathSync } from "node:fs";
import {
  RRClass, RRType, WireError, classFromString, classToString, codecFor, parseName, parseTtl, typeFromString, typeToString,
  type Name, type RDataToken, type SOAData,
} from "@dnsteer/wire";
import { readInclude } from "./directives.js";
import { ZoneError, type ZoneErrorCode } from "./errors.js";
import { lex, type Entry } from "./lexer.js";
import type { SourceRecord } from "./record.js";

export interface ReadOptions {
  /** Initial $ORIGIN (canonical). */
  origin: Name;
  file?: string;
  defaultTtl?: number;
  /** Directory for relative $INCLUDE paths when the text has no `file`. */
  includeRoot?: string;
}

/** Types that are questions or transport, never zone data. */
const META_TYPES = new Set<number>([0, RRType.OPT, 249, 250, RRType.IXFR, RRType.AXFR, RRType.MAILB, RRType.MAILA, RRType.ANY]);

/** Parser state shared by a file and the files it includes. */
interface State {
  records: SourceRecord[];
  ttl: number | undefined;      // $TTL, or the defaultTtl option
  lastTtl: number | undefined;  // RFC 1035 5.1: an omitted TTL is the last one stated
  zoneClass: number | undefined;
  baseDir: string;
  stack: string[];
}

/** Context of one file: origin and previous owner, which $INCLUDE does not pass back (RFC 1035 5.1). */
interface FileContext {
  file: string;
  hasFile: boolean;
  origin: Name;
  lastOwner: Name | undefined;
}

/** Read master-file text into records (no zone-level checks; see build.ts). */
export function readRecords(text: string, opts: ReadOptions): SourceRecord[] {
  const state: State = {
    records: [], ttl: opts.defaultTtl, lastTtl: undefined, zoneClass: undefined,
    baseDir: opts.includeRoot ?? process.cwd(), stack: [],
  };
  if (opts.file !== undefined) {
    try {
      state.stack.push(realpathSync(opts.file));
    } catch {
      // Text that claims a file name which does not exist still parses; includes resolve from it.
    }
  }
  readText(text, state, { file: opts.file ?? "<text>", hasFile: opts.file !== undefined, origin: opts.origin, lastOwner: undefined });
  return state.records;
}

function readText(text: string, state: State, ctx: FileContext): void {
  for (const entry of lex(text, ctx.file)) {
    const first = entry.tokens[0]!;
    if (!entry.blankOwner && !first.quoted && first.text.startsWith("$")) directive(entry, state, ctx);
    else record(entry, state, ctx);
  }
}

function err(code: ZoneErrorCode, ctx: FileContext, entry: Entry, what: string): ZoneError {
  return new ZoneError(code, ctx.file, entry.line, what);
}

function nameAt(text: string, ctx: FileContext, entry: Entry, what: string): Name {
  if (text === "@") return ctx.origin;
  try {
    return parseName(text, ctx.origin);
  } catch (e) {
    throw err("BAD_NAME", ctx, entry, `bad ${what} "${text}": ${(e as Error).message}`);
  }
}

function directive(entry: Entry, state: State, ctx: FileContext): void {
  const [d, ...args] = entry.tokens;
  const keyword = d!.text.toUpperCase();
  if (keyword === "$ORIGIN" && args.length === 1) {
    ctx.origin = nameAt(args[0]!.text, ctx, entry, "$ORIGIN");
  } else if (keyword === "$TTL" && args.length === 1) {
    const ttl = parseTtl(args[0]!.text);
    if (ttl === undefined) throw err("BAD_TTL", ctx, entry, `bad $TTL "${args[0]!.text}"`);
    state.ttl = ttl;
  } else if (keyword === "$INCLUDE" && (args.length === 1 || args.length === 2)) {
    const target = readInclude(args[0]!, { ...ctx, line: entry.line, baseDir: state.baseDir, stack: state.stack });
    const origin = args[1] ? nameAt(args[1].text, ctx, entry, "$INCLUDE origin") : ctx.origin;
    state.stack.push(target.path);
    readText(target.text, state, { file: target.path, hasFile: true, origin, lastOwner: ctx.lastOwner });
    state.stack.pop();
  } else if (["$ORIGIN", "$TTL", "$INCLUDE"].includes(keyword)) {
    throw err("BAD_DIRECTIVE", ctx, entry, `wrong number of arguments to ${keyword}`);
  } else {
    throw err("BAD_DIRECTIVE", ctx, entry, `unsupported directive ${d!.text}`);
  }
}

function record(entry: Entry, state: State, ctx: FileContext): void {
  const tokens = entry.tokens;
  let i = 0;
  let owner: Name;
  if (entry.blankOwner) {
    if (ctx.lastOwner === undefined) throw err("SYNTAX", ctx, entry, "record has no owner name and there is no previous owner");
    owner = ctx.lastOwner;
  } else owner = nameAt(tokens[i++]!.text, ctx, entry, "owner name");
  ctx.lastOwner = owner;

  // TTL and class are both optional and may come in either order (RFC 1035 5.1).
  let ttl: number | undefined;
  let cls: number | undefined;
  for (let k = 0; k < 2 && i < tokens.length; k++) {
    const t = tokens[i]!.text;
    if (ttl === undefined && /^\d/.test(t)) {
      ttl = parseTtl(t);
      if (ttl === undefined) throw err("BAD_TTL", ctx, entry, `bad TTL "${t}"`);
      i++;
    } else if (cls === undefined && dataClass(t) !== undefined) {
      cls = dataClass(t);
      i++;
    }
  }
  const typeTok = tokens[i++];
  if (typeTok === undefined) throw err("SYNTAX", ctx, entry, `record for ${owner} has no type`);
  const type = typeFromString(typeTok.text);
  if (type === undefined) throw err("UNKNOWN_TYPE", ctx, entry, `unknown type "${typeTok.text}"`);
  if (META_TYPES.has(type)) throw err("UNKNOWN_TYPE", ctx, entry, `type ${typeToString(type)} cannot appear in zone data`);

  const data = rdata(type, tokens.slice(i), ctx, entry);
  cls ??= state.zoneClass ?? RRClass.IN;
  state.zoneClass ??= cls;
  if (cls !== state.zoneClass) {
    throw err("BAD_CLASS", ctx, entry, `class ${classToString(cls)} differs from the zone's class ${classToString(state.zoneClass)}`);
  }
  // BIND's rule when there is no $TTL: the SOA falls back to its MINIMUM field.
  ttl ??= state.ttl ?? state.lastTtl ?? (type === RRType.SOA ? (data as SOAData).minimum : undefined);
  if (ttl === undefined) throw err("NO_TTL", ctx, entry, "record has no TTL and there is no $TTL");
  state.lastTtl = ttl;
  state.records.push({ name: owner, type, class: cls, ttl, data, file: ctx.file, line: entry.line, index: state.records.length });
}

/** A class a record can have; NONE and ANY are query/update classes (and "ANY" is also a type). */
function dataClass(text: string): number | undefined {
  const cls = classFromString(text);
  return cls === RRClass.NONE || cls === RRClass.ANY ? undefined : cls;
}

function rdata(type: number, tokens: RDataToken[], ctx: FileContext, entry: Entry) {
  try {
    return codecFor(type).fromText(tokens, ctx.origin);
  } catch (e) {
    if (e instanceof WireError) throw err("BAD_RDATA", ctx, entry, `bad ${typeToString(type)} rdata: ${e.message}`);
    throw e;
  }
}
