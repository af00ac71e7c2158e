import { XfrError } from "./errors.js";

/**
 * Master-file text with the SOA's serial replaced, everything else (comments, layout,
 * parentheses) left as written: the edit an operator would make by hand. The SOA is the first
 * record whose type token is "SOA"; its serial is the third RDATA token (after MNAME and RNAME).
 * The caller re-parses the result to check it (the API refuses text this cannot handle).
 */
export function setSoaSerial(text: string, serial: number): string {
  const tokens = tokenize(text);
  const at = tokens.findIndex((t) => t.text.toUpperCase() === "SOA");
  const rdata = at < 0 ? [] : tokens.slice(at + 1).filter((t) => t.text !== "(" && t.text !== ")");
  const field = rdata[2];
  if (!field || !/^\d+$/.test(field.text)) throw new XfrError("BAD_CONFIG", "no SOA serial found in the zone text");
  return text.slice(0, field.start) + String(serial >>> 0) + text.slice(field.start + field.text.length);
}

interface Token {
  text: string;
  start: number;
}

/** Words, quoted strings and parentheses with their offsets; comments (";" to end of line) skipped. */
function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ";") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (c === "(" || c === ")") {
      out.push({ text: c, start: i++ });
    } else if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      out.push({ text: text.slice(start, i), start });
    } else {
      const start = i;
      while (i < text.length && !/[\s;()"]/.test(text[i]!)) i += text[i] === "\\" ? 2 : 1;
      out.push({ text: text.slice(start, i), start });
    }
  }
  return out;
}
