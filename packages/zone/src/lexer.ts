import type { RDataToken } from "@dnsteer/wire";
import { ZoneError } from "./errors.js";

/** One logical line of a master file: parentheses already folded, comments dropped. */
export interface Entry {
  /** Physical line the entry starts on (1-based). */
  line: number;
  /** Started with blank space, so the owner is the previous record's (RFC 1035 5.1). */
  blankOwner: boolean;
  tokens: RDataToken[];
}

const isSpace = (c: string) => c === " " || c === "\t" || c === "\r";
const ENDS_TOKEN = new Set([" ", "\t", "\r", "\n", ";", "(", ")"]);

/**
 * Split master-file text into entries. Token text keeps its escapes (codecs resolve them);
 * quoted tokens lose their quotes. A quote inside an unquoted token (SVCB `alpn="h2,h3"`) is
 * kept, with the quoted part, in that token.
 */
export function lex(text: string, file: string): Entry[] {
  const entries: Entry[] = [];
  let line = 1;
  let depth = 0;
  let parenLine = 0;
  let cur: Entry | undefined;
  const fail = (code: "UNBALANCED_PARENS" | "UNTERMINATED_QUOTE", at: number, what: string) => new ZoneError(code, file, at, what);
  const push = (t: RDataToken) => {
    cur ??= { line, blankOwner: false, tokens: [] };
    cur.tokens.push(t);
  };
  // Scan a quoted run starting at text[i] === '"'; returns the index of the closing quote.
  const closeQuote = (i: number): number => {
    const start = line;
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === "\\") j++;
      else if (text[j] === '"') return j;
      else if (text[j] === "\n") break;
    }
    throw fail("UNTERMINATED_QUOTE", start, "unterminated quoted string");
  };

  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (atLineStart) {
      atLineStart = false;
      if (depth === 0 && isSpace(c)) cur = { line, blankOwner: true, tokens: [] };
    }
    if (c === "\n") {
      if (depth === 0) {
        if (cur && cur.tokens.length > 0) entries.push(cur);
        cur = undefined;
      }
      line++;
      atLineStart = true;
    } else if (isSpace(c)) {
      continue;
    } else if (c === ";") {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else if (c === "(") {
      if (depth++ === 0) parenLine = line;
      cur ??= { line, blankOwner: false, tokens: [] };
    } else if (c === ")") {
      if (depth-- === 0) throw fail("UNBALANCED_PARENS", line, `")" without a matching "("`);
    } else if (c === '"') {
      const end = closeQuote(i);
      push({ text: text.slice(i + 1, end), quoted: true });
      i = end;
    } else {
      let j = i;
      while (j < text.length && !ENDS_TOKEN.has(text[j]!)) {
        if (text[j] === "\\") {
          if (text[j + 1] === "\n") line++;
          j += 2;
        } else if (text[j] === '"') j = closeQuote(j) + 1;
        else j++;
      }
      push({ text: text.slice(i, Math.min(j, text.length)), quoted: false });
      i = j - 1;
    }
  }
  if (depth > 0) throw fail("UNBALANCED_PARENS", parenLine, `"(" is never closed`);
  if (cur && cur.tokens.length > 0) entries.push(cur);
  return entries;
}
