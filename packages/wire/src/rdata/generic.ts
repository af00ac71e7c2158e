import { WireError } from "../errors.js";
import type { MessageReader } from "../reader.js";
import type { MessageWriter } from "../writer.js";
import type { RDataToken, UnknownData } from "./types.js";

/** True when the tokens use RFC 3597 generic syntax: an unquoted `\#` first. */
export function isGenericText(tokens: readonly RDataToken[]): boolean {
  return tokens[0] !== undefined && !tokens[0].quoted && tokens[0].text === "\\#";
}

/** Bytes of RFC 3597 `\# <length> <hex...>`; hex may be split over several tokens. */
export function parseGenericText(tokens: readonly RDataToken[], typeName: string): Uint8Array {
  const lenTok = tokens[1];
  if (lenTok === undefined || !/^\d+$/.test(lenTok.text) || Number(lenTok.text) > 65535) {
    throw new WireError("BAD_RDATA", `${typeName}: \\# must be followed by the rdata length (0-65535)`);
  }
  const length = Number(lenTok.text);
  const hex = tokens
    .slice(2)
    .map((t) => t.text)
    .join("");
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) {
    throw new WireError("BAD_RDATA", `${typeName}: \\# data is not an even number of hex digits`);
  }
  if (hex.length / 2 !== length) {
    throw new WireError("BAD_RDATA", `${typeName}: \\# length ${length} does not match the ${hex.length / 2} octets of hex given`);
  }
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

export function genericToText(raw: Uint8Array): string {
  return raw.length === 0 ? "\\# 0" : `\\# ${raw.length} ${Buffer.from(raw).toString("hex").toUpperCase()}`;
}

/** RFC 3597 codec body shared by every type without its own presentation format. */
export const genericBody = {
  fromText(tokens: readonly RDataToken[], typeName: string): UnknownData {
    if (!isGenericText(tokens)) {
      throw new WireError("BAD_RDATA", `${typeName}: unknown type needs RFC 3597 syntax "\\# <length> <hex>"`);
    }
    return { raw: parseGenericText(tokens, typeName) };
  },
  toText: (d: UnknownData) => genericToText(d.raw),
  encode: (d: UnknownData, w: MessageWriter) => w.bytes(d.raw),
  decode: (r: MessageReader) => ({ raw: Uint8Array.from(r.bytes(r.remaining())) }),
};
