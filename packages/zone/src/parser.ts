import {
  classToString,
  codecFor,
  type Name,
  parseTtl,
  type RData,
  type RDataToken,
  RRClass,
  RRType,
  type SOAData,
  typeToString,
  WireError,
} from "@dnsteer/wire";
import type { ZoneBuilder } from "./build.js";
import { shown, shownQuoted, ZoneError, type ZoneErrorCode } from "./errors.js";
import type { ReadBudget } from "./files.js";
import { readInclude } from "./includes.js";
import { Lexer } from "./lexer.js";
import { dataClass, typeOf } from "./mnemonics.js";
import { NameReader } from "./names.js";
import { hasBoundedRdata, MAX_RDATA_OCTETS, rdataOctets } from "./size.js";

/** Types that are questions or transport, never zone data. */
const META_TYPES = new Set<number>([0, RRType.OPT, 249, 250, RRType.IXFR, RRType.AXFR, RRType.MAILB, RRType.MAILA, RRType.ANY]);

/** Parser state shared by a file and the files it includes. */
export interface ReadState {
  builder: ZoneBuilder;
  ttl: number | undefined; // $TTL, or the defaultTtl option
  lastTtl: number | undefined; // RFC 1035 5.1: an omitted TTL is the last one stated
  zoneClass: number | undefined;
  /** Folder for relative $INCLUDE paths in text that has no file name. */
  baseDir: string;
  /** Real paths of the files being read (include loops). */
  stack: string[];
  allowedDirs: readonly string[];
  budget: ReadBudget;
}

/** Context of one file: origin and previous owner, which $INCLUDE does not pass back (RFC 1035 5.1). */
export interface FileContext {
  file: string;
  hasFile: boolean;
  origin: Name;
  lastOwner: Name | undefined;
  depth: number;
}

/** Read master-file bytes into the state's builder (zone-level checks are the builder's). */
export function readText(bytes: Buffer, state: ReadState, ctx: FileContext): void {
  const lexer = new Lexer(bytes, ctx.file);
  const names = new NameReader();
  names.setOrigin(ctx.origin);
  while (lexer.next()) {
    const first = lexer.tokens[0]!;
    if (!lexer.blankOwner && !first.quoted && first.text.charCodeAt(0) === 0x24 /* $ */) {
      directive(lexer, state, ctx);
      names.setOrigin(ctx.origin);
    } else record(lexer, names, state, ctx);
  }
}

function err(code: ZoneErrorCode, ctx: FileContext, lexer: Lexer, what: string): ZoneError {
  return new ZoneError(code, ctx.file, lexer.line, what);
}

function nameAt(text: string, names: NameReader | undefined, ctx: FileContext, lexer: Lexer, what: string): Name {
  if (text === "@") return ctx.origin;
  try {
    if (names) return names.read(text);
    const reader = new NameReader();
    reader.setOrigin(ctx.origin);
    return reader.read(text);
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
    throw err("BAD_NAME", ctx, lexer, `bad ${what} "${shown(text)}": ${shownQuoted(e.message)}`);
  }
}

function directive(lexer: Lexer, state: ReadState, ctx: FileContext): void {
  const [d, ...args] = lexer.tokens;
  const keyword = d!.text.toUpperCase();
  if (keyword === "$ORIGIN" && args.length === 1) {
    ctx.origin = nameAt(args[0]!.text, undefined, ctx, lexer, "$ORIGIN");
  } else if (keyword === "$TTL" && args.length === 1) {
    const ttl = parseTtl(args[0]!.text);
    if (ttl === undefined) throw err("BAD_TTL", ctx, lexer, `bad $TTL "${shown(args[0]!.text)}"`);
    state.ttl = ttl;
  } else if (keyword === "$INCLUDE" && (args.length === 1 || args.length === 2)) {
    const origin = args[1] ? nameAt(args[1].text, undefined, ctx, lexer, "$INCLUDE origin") : ctx.origin;
    const target = readInclude(args[0]!, { ...ctx, ...state, line: lexer.line });
    state.stack.push(target.path);
    readText(target.bytes, state, { file: target.path, hasFile: true, origin, lastOwner: ctx.lastOwner, depth: ctx.depth + 1 });
    state.stack.pop();
  } else if (keyword === "$ORIGIN" || keyword === "$TTL" || keyword === "$INCLUDE") {
    throw err("BAD_DIRECTIVE", ctx, lexer, `wrong number of arguments to ${keyword}`);
  } else {
    throw err("BAD_DIRECTIVE", ctx, lexer, `unsupported directive ${shown(d!.text)}`);
  }
}

function record(lexer: Lexer, names: NameReader, state: ReadState, ctx: FileContext): void {
  const tokens = lexer.tokens;
  let i = 0;
  let owner: Name;
  if (lexer.blankOwner) {
    if (ctx.lastOwner === undefined) throw err("SYNTAX", ctx, lexer, "record has no owner name and there is no previous owner");
    owner = ctx.lastOwner;
  } else owner = nameAt(tokens[i++]!.text, names, ctx, lexer, "owner name");
  ctx.lastOwner = owner;

  // TTL and class are both optional and may come in either order (RFC 1035 5.1).
  let ttl: number | undefined;
  let cls: number | undefined;
  for (let k = 0; k < 2 && i < tokens.length; k++) {
    const t = tokens[i]!.text;
    const c0 = t.charCodeAt(0);
    if (ttl === undefined && c0 >= 0x30 && c0 <= 0x39) {
      ttl = parseTtl(t);
      if (ttl === undefined) throw err("BAD_TTL", ctx, lexer, `bad TTL "${shown(t)}"`);
      i++;
    } else if (cls === undefined) {
      cls = dataClass(t);
      if (cls === undefined) break;
      i++;
    }
  }
  const typeTok = tokens[i++];
  if (typeTok === undefined) throw err("SYNTAX", ctx, lexer, `record for ${shown(owner)} has no type`);
  const type = typeOf(typeTok.text);
  if (type === undefined) throw err("UNKNOWN_TYPE", ctx, lexer, `unknown type "${shown(typeTok.text)}"`);
  if (META_TYPES.has(type)) throw err("UNKNOWN_TYPE", ctx, lexer, `type ${typeToString(type)} cannot appear in zone data`);

  const data = rdata(type, lexer.rest(i), ctx, lexer);
  cls ??= state.zoneClass ?? RRClass.IN;
  state.zoneClass ??= cls;
  if (cls !== state.zoneClass) {
    throw err("BAD_CLASS", ctx, lexer, `class ${classToString(cls)} differs from the zone's class ${classToString(state.zoneClass)}`);
  }
  // BIND's rule when there is no $TTL: the SOA falls back to its MINIMUM field.
  ttl ??= state.ttl ?? state.lastTtl ?? (type === RRType.SOA ? (data as SOAData).minimum : undefined);
  if (ttl === undefined) throw err("NO_TTL", ctx, lexer, "record has no TTL and there is no $TTL");
  state.lastTtl = ttl;
  state.builder.add(owner, type, cls, ttl, data, ctx.file, lexer.line);
}

function rdata(type: number, tokens: readonly RDataToken[], ctx: FileContext, lexer: Lexer): RData {
  let data: RData;
  try {
    data = codecFor(type).fromText(tokens, ctx.origin);
  } catch (e) {
    if (e instanceof WireError) throw err("BAD_RDATA", ctx, lexer, `bad ${typeToString(type)} rdata: ${shownQuoted(e.message)}`);
    throw e;
  }
  if (!hasBoundedRdata(type)) {
    const octets = rdataOctets(type, data);
    if (octets > MAX_RDATA_OCTETS) {
      throw err(
        "BAD_RDATA",
        ctx,
        lexer,
        `${typeToString(type)} rdata of ${octets > MAX_RDATA_OCTETS + 1 ? octets : "over 65535"} octets: RDATA holds at most ${MAX_RDATA_OCTETS}`,
      );
    }
  }
  return data;
}
