/** Fixed error codes of the zone package; `code` is stable, `message` is for people. */
export type ZoneErrorCode =
  | "SYNTAX" // a line that is not a record or directive (missing type, no owner to inherit, ...)
  | "UNBALANCED_PARENS" // ")" without "(" or "(" never closed
  | "UNTERMINATED_QUOTE"
  | "BAD_DIRECTIVE" // unknown or malformed $-directive
  | "INCLUDE_FAILED" // $INCLUDE file missing/unreadable, include loop, nesting too deep
  | "INCLUDE_DENIED" // $INCLUDE of something that is not a regular file, or outside the allowed folders
  | "TOO_LARGE" // a zone file, or all files of a zone together, over the size limit
  | "BAD_NAME"
  | "BAD_TTL"
  | "NO_TTL" // no TTL on the record, no $TTL and no earlier TTL to inherit
  | "BAD_CLASS" // unknown class, or a class different from the zone's
  | "UNKNOWN_TYPE" // unknown mnemonic, or a meta type (ANY, AXFR, OPT...) that cannot be data
  | "BAD_RDATA" // includes RDATA over 65535 octets
  | "RRSET_TOO_LARGE" // an RRset that no DNS message could carry (see size.ts)
  | "OUT_OF_ZONE" // owner name not at or below the origin
  | "NO_SOA"
  | "MULTIPLE_SOA"
  | "SOA_NOT_AT_APEX"
  | "NO_APEX_NS"
  | "CNAME_CONFLICT" // CNAME beside other data, or more than one CNAME (RFC 2181 10.1)
  | "DNAME_CONFLICT" // more than one DNAME at a name, or DNAME beside NS below the apex
  | "OCCLUDED" // data below a zone cut (other than glue) or below a DNAME
  | "DUPLICATE_ZONE" // ZoneSet.add of an origin already present
  | "IO"; // the zone file itself could not be read (or is not a regular file)

/** Longest run of file text an error message quotes; zone files may be anything ($INCLUDE /etc/shadow). */
export const MAX_SHOWN = 32;
/** Longest message `what`: a bound even when several tokens are quoted. */
const MAX_WHAT = 400;

/**
 * Text from a zone file made safe to put in a message: printable ASCII only (anything else as
 * \DDD) and at most `max` characters (MAX_SHOWN for file text, so an error never echoes more
 * than a short token; longer for a path, whose folder part is the operator's).
 */
export function shown(text: string, max = MAX_SHOWN): string {
  let out = "";
  let i = 0;
  for (; i < text.length && out.length <= max; i++) {
    const c = text.charCodeAt(i);
    out += c >= 0x20 && c <= 0x7e ? text[i] : c <= 0xff ? `\\${String(c).padStart(3, "0")}` : "?";
  }
  return i === text.length && out.length <= max ? out : `${out.slice(0, max - 3)}...`;
}

/**
 * Cut every double-quoted run in a message (codec messages quote the token they choke on) down
 * to what `shown` allows. Quotes escaped with a backslash do not end a run.
 */
export function shownQuoted(message: string): string {
  return message.replace(/"((?:[^"\\]|\\.)*)"/gs, (_m, inner: string) => `"${shown(inner)}"`);
}

/** An error in zone data, located as `file:line: what is wrong` (the format BIND and Knot use). */
export class ZoneError extends Error {
  override readonly name = "ZoneError";
  readonly what: string;
  constructor(
    readonly code: ZoneErrorCode,
    readonly file: string,
    readonly line: number,
    what: string,
  ) {
    const safe = printable(what.length > MAX_WHAT ? `${what.slice(0, MAX_WHAT - 3)}...` : what);
    super(`${file}:${line}: ${safe}`);
    this.what = safe;
  }
}

/** Control characters (a stray one from a binary file) would garble a log line: escape them. */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this escapes
  return /[\x00-\x1f\x7f]/.test(text) ? text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\${String(c.charCodeAt(0)).padStart(3, "0")}`) : text;
}
