import { WireError } from "../errors.js";
import { type Name, parseName } from "../name.js";
import type { RDataToken } from "./types.js";

const utf8 = new TextEncoder();

/**
 * Bytes of presentation text with RFC 1035 5.1 escapes resolved: `\DDD` (exactly three digits,
 * at most 255) and `\X` for any non-digit X. Non-ASCII characters become their UTF-8 bytes,
 * which is what BIND and Knot store when a zone file contains UTF-8 text.
 */
export function unescapeText(text: string, field: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) {
      if (i + 1 >= text.length) throw new WireError("BAD_RDATA", `${field}: dangling backslash in "${text}"`);
      const next = text[i + 1]!;
      if (next >= "0" && next <= "9") {
        const digits = text.slice(i + 1, i + 4);
        if (!/^\d{3}$/.test(digits) || Number(digits) > 255) {
          throw new WireError("BAD_RDATA", `${field}: bad escape "\\${digits}" (need \\DDD with DDD <= 255)`);
        }
        out.push(Number(digits));
        i += 3;
        continue;
      }
      i += 1;
      pushChar(out, text.codePointAt(i)!);
      if (text.codePointAt(i)! > 0xffff) i += 1;
      continue;
    }
    const cp = text.codePointAt(i)!;
    pushChar(out, cp);
    if (cp > 0xffff) i += 1;
  }
  return Uint8Array.from(out);
}

function pushChar(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else out.push(...utf8.encode(String.fromCodePoint(cp)));
}

/** Escape bytes for presentation (without quotes): `"` and `\` escaped, non-printables as \DDD. */
export function escapeBytes(bytes: Uint8Array, alsoEscape = ""): string {
  let out = "";
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b === 0x22 || b === 0x5c || alsoEscape.includes(ch)) out += "\\" + ch;
    else if (b >= 0x20 && b <= 0x7e) out += ch;
    else out += "\\" + String(b).padStart(3, "0");
  }
  return out;
}

/** A character-string in presentation form, always quoted so spaces and empties survive. */
export function quoteBytes(bytes: Uint8Array): string {
  return `"${escapeBytes(bytes)}"`;
}

/** One RFC 1035 <character-string> (at most 255 octets) from a token. */
export function charString(token: RDataToken, field: string): Uint8Array {
  const bytes = unescapeText(token.text, field);
  if (bytes.length > 255) throw new WireError("BAD_RDATA", `${field}: character-string longer than 255 octets`);
  return bytes;
}

/** A domain name field; `@` (unquoted) is the origin, relative names are made absolute. */
export function tokenName(token: RDataToken, origin: Name, field: string): Name {
  if (token.text === "@" && !token.quoted) return origin;
  try {
    return parseName(token.text, origin);
  } catch (e) {
    throw new WireError("BAD_RDATA", `${field}: ${(e as Error).message}`);
  }
}
