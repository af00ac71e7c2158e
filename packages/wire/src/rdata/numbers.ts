import { WireError } from "../errors.js";
import type { RDataToken } from "./types.js";

/** An unsigned decimal integer no larger than `max`; leading "+" and signs are not DNS syntax. */
export function parseUint(token: RDataToken | string, max: number, field: string): number {
  const text = typeof token === "string" ? token : token.text;
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new WireError("BAD_RDATA", `${field}: expected an integer 0-${max}, got "${text}"`);
  }
  return Number(text);
}

/** Largest TTL we accept: RFC 2181 8 says TTLs are 31-bit values. */
export const MAX_TTL = 0x7fffffff;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * A TTL in BIND syntax: plain seconds ("3600") or number+unit groups ("1h30m", "1W"),
 * units s/m/h/d/w case-insensitive. Undefined when the text is not a TTL at all or too large.
 */
export function parseTtl(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const v = Number(text);
    return v <= MAX_TTL ? v : undefined;
  }
  if (!/^(\d+[smhdw])+$/i.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+)([smhdw])/gi)) total += Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()]!;
  return total <= MAX_TTL ? total : undefined;
}

/** A 32-bit time field (SOA refresh/retry/expire/minimum) that also accepts TTL units. */
export function parseTimeField(token: RDataToken, field: string): number {
  // Plain numbers may use the full 32 bits (RFC 1035 3.3.13); units follow the TTL limit.
  const v = /^\d+$/.test(token.text) && Number(token.text) <= 0xffffffff ? Number(token.text) : parseTtl(token.text);
  if (v === undefined) throw new WireError("BAD_RDATA", `${field}: expected seconds or a TTL like 1h30m, got "${token.text}"`);
  return v;
}
