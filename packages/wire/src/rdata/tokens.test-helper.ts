import type { RDataToken } from "./types.js";

/** Tokens the way the zone lexer makes them: "quoted" strings lose their quotes, the rest split on spaces. */
export function tok(text: string): RDataToken[] {
  const out: RDataToken[] = [];
  for (const m of text.matchAll(/"((?:\\.|[^"\\])*)"|((?:\\.|[^\s"]|"(?:\\.|[^"\\])*")+)/g)) {
    out.push(m[1] !== undefined ? { text: m[1], quoted: true } : { text: m[2]!, quoted: false });
  }
  return out;
}
