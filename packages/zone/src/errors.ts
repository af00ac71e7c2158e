/** Fixed error codes of the zone package; `code` is stable, `message` is for people. */
export type ZoneErrorCode =
  | "SYNTAX"            // a line that is not a record or directive (missing type, no owner to inherit, ...)
  | "UNBALANCED_PARENS" // ")" without "(" or "(" never closed
  | "UNTERMINATED_QUOTE"
  | "BAD_DIRECTIVE"     // unknown or malformed $-directive
  | "INCLUDE_FAILED"    // $INCLUDE file missing/unreadable, include loop, nesting too deep
  | "BAD_NAME"
  | "BAD_TTL"
  | "NO_TTL"            // no TTL on the record, no $TTL and no earlier TTL to inherit
  | "BAD_CLASS"         // unknown class, or a class different from the zone's
  | "UNKNOWN_TYPE"      // unknown mnemonic, or a meta type (ANY, AXFR, OPT...) that cannot be data
  | "BAD_RDATA"
  | "OUT_OF_ZONE"       // owner name not at or below the origin
  | "NO_SOA"
  | "MULTIPLE_SOA"
  | "SOA_NOT_AT_APEX"
  | "NO_APEX_NS"
  | "CNAME_CONFLICT"    // CNAME beside other data, or more than one CNAME (RFC 2181 10.1)
  | "DNAME_CONFLICT"    // more than one DNAME at a name, or DNAME beside NS below the apex
  | "OCCLUDED"          // data below a zone cut (other than glue) or below a DNAME
  | "DUPLICATE_ZONE"    // ZoneSet.add of an origin already present
  | "IO";               // the zone file itself could not be read

/** An error in zone data, located as `file:line: what is wrong` (the format BIND and Knot use). */
export class ZoneError extends Error {
  override readonly name = "ZoneError";
  constructor(readonly code: ZoneErrorCode, readonly file: string, readonly line: number, readonly what: string) {
    super(`${file}:${line}: ${what}`);
  }
}
