import type { RDataToken } from "@dnsteer/wire";
import { ZoneError } from "./errors.js";

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SEMICOLON = 0x3b;
const OPEN = 0x28;
const CLOSE = 0x29;

/** Node's Buffer has latin1Slice (what toString("latin1") calls); going straight to it skips the encoding lookup per token. */
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

const isSpace = (c: number) => c === SPACE || c === TAB || c === CR;
const endsToken = (c: number) => c === SPACE || c === TAB || c === CR || c === LF || c === SEMICOLON || c === OPEN || c === CLOSE;
/** Octets a token's text can hold as themselves; every other one becomes \DDD (see `text`). */
const plain = (c: number) => c >= SPACE && c <= 0x7e;

/**
 * Splits master-file bytes into entries (logical lines: parentheses folded, comments dropped),
 * one at a time, so a big zone is never held as a list of entries. `next()` refills `tokens`
 * (the same array and token objects each time: a caller keeps strings, never tokens).
 *
 * RFC 1035 text is octets: a token's text carries every octet outside printable ASCII as a
 * `\DDD` escape, so codecs and names see exactly the file's bytes (a lone 0xE9 stays 0xE9,
 * never U+FFFD) and messages quoting a token stay printable. Token text otherwise keeps its
 * escapes (codecs resolve them); quoted tokens lose their quotes. A quote inside an unquoted
 * token (SVCB `alpn="h2,h3"`) is kept, with the quoted part, in that token.
 */
export class Lexer {
  /** Tokens of the current entry. */
  readonly tokens: RDataToken[] = [];
  /** Physical line the current entry starts on (1-based). */
  line = 0;
  /** The current entry started with blank space, so its owner is the previous one (RFC 1035 5.1). */
  blankOwner = false;

  /** Token objects reused from entry to entry (a million records would otherwise make millions). */
  private readonly pool: RDataToken[] = [];
  private readonly tail: RDataToken[] = [];
  private pos = 0;
  private physLine = 1;
  private depth = 0;
  private parenLine = 0;
  private atLineStart = true;
  private started = false;

  private readonly buf: Latin1Buffer;

  constructor(
    buf: Buffer,
    private readonly file: string,
  ) {
    this.buf = buf as Latin1Buffer;
  }

  /** Advance to the next entry with at least one token; false at the end of the text. */
  next(): boolean {
    const buf = this.buf;
    const len = buf.length;
    this.tokens.length = 0;
    this.started = false;
    this.blankOwner = false;
    while (this.pos < len) {
      const c = buf[this.pos]!;
      if (this.atLineStart) {
        this.atLineStart = false;
        if (this.depth === 0 && isSpace(c)) this.start(true);
      }
      if (c === LF) {
        this.pos++;
        this.physLine++;
        this.atLineStart = true;
        if (this.depth === 0) {
          if (this.tokens.length > 0) return true;
          this.started = false;
          this.blankOwner = false;
        }
      } else if (isSpace(c)) {
        this.pos++;
      } else if (c === SEMICOLON) {
        while (this.pos < len && buf[this.pos] !== LF) this.pos++;
      } else if (c === OPEN) {
        if (this.depth++ === 0) this.parenLine = this.physLine;
        this.start(false);
        this.pos++;
      } else if (c === CLOSE) {
        if (this.depth-- === 0) throw new ZoneError("UNBALANCED_PARENS", this.file, this.physLine, `")" without a matching "("`);
        this.pos++;
      } else if (c === QUOTE) {
        const line = this.physLine;
        const end = this.closeQuote(this.pos);
        this.push(this.text(this.pos + 1, end), true, line);
        this.pos = end + 1;
      } else {
        const line = this.physLine;
        const end = this.tokenEnd(this.pos);
        this.push(this.text(this.pos, end), false, line);
        this.pos = end;
      }
    }
    if (this.depth > 0) throw new ZoneError("UNBALANCED_PARENS", this.file, this.parenLine, `"(" is never closed`);
    return this.tokens.length > 0;
  }

  private start(blankOwner: boolean): void {
    if (this.started) return;
    this.started = true;
    this.blankOwner = blankOwner;
    this.line = this.physLine;
  }

  private push(text: string, quoted: boolean, line: number): void {
    if (!this.started) {
      this.started = true;
      this.line = line;
    }
    const n = this.tokens.length;
    let t = this.pool[n];
    if (t === undefined) this.pool.push((t = { text, quoted }));
    else {
      t.text = text;
      t.quoted = quoted;
    }
    this.tokens.push(t);
  }

  /** The current entry's tokens from index `from` on (valid until the next `next()`). */
  rest(from: number): readonly RDataToken[] {
    const tail = this.tail;
    tail.length = 0;
    for (let i = from; i < this.tokens.length; i++) tail.push(this.tokens[i]!);
    return tail;
  }

  /** End (exclusive) of an unquoted token starting at `i`. */
  private tokenEnd(i: number): number {
    const buf = this.buf;
    let j = i;
    while (j < buf.length && !endsToken(buf[j]!)) {
      if (buf[j] === BACKSLASH) {
        if (buf[j + 1] === LF) this.physLine++;
        j += 2;
      } else if (buf[j] === QUOTE) j = this.closeQuote(j) + 1;
      else j++;
    }
    return Math.min(j, buf.length);
  }

  /** Index of the quote closing the quoted run that starts at `i` (a quote). */
  private closeQuote(i: number): number {
    const buf = this.buf;
    const line = this.physLine;
    for (let j = i + 1; j < buf.length; j++) {
      const c = buf[j];
      if (c === BACKSLASH) {
        if (buf[j + 1] === LF) this.physLine++;
        j++;
      } else if (c === QUOTE) return j;
      else if (c === LF) break;
    }
    throw new ZoneError("UNTERMINATED_QUOTE", this.file, line, "unterminated quoted string");
  }

  /** Token text of buf[start, end): as latin1 when all printable, else with \DDD for the rest. */
  private text(start: number, end: number): string {
    const buf = this.buf;
    let k = start;
    // The fast scan stops at a backslash too: "\X" with a non-printable X must reach the loop below.
    while (k < end && plain(buf[k]!) && buf[k] !== BACKSLASH) k++;
    if (k === end) return buf.latin1Slice(start, end);
    let out = buf.latin1Slice(start, k);
    for (; k < end; k++) {
      const c = buf[k]!;
      if (c === BACKSLASH && k + 1 < end) {
        // "\X" for a non-printable X is that octet: write it as "\DDD", the same octet.
        const next = buf[++k]!;
        out += plain(next) ? `\\${String.fromCharCode(next)}` : ddd(next);
      } else out += plain(c) ? String.fromCharCode(c) : ddd(c);
    }
    return out;
  }
}

function ddd(octet: number): string {
  return octet < 10 ? `\\00${octet}` : octet < 100 ? `\\0${octet}` : `\\${octet}`;
}
