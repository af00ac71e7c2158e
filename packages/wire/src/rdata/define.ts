import { typeToString } from "../constants.js";
import { WireError } from "../errors.js";
import type { Name } from "../name.js";
import { MessageReader } from "../reader.js";
import type { MessageWriter } from "../writer.js";
import { TokenCursor } from "./cursor.js";
import { isGenericText, parseGenericText } from "./generic.js";
import type { RData, RDataCodec, RDataToken } from "./types.js";

/** What one type has to say; `define` adds the parts every codec shares. */
export interface CodecSpec<T extends RData> {
  type: number;
  fromText(c: TokenCursor, origin: Name, typeName: string): T;
  toText(data: T): string;
  encode(data: T, w: MessageWriter): void;
  /** Read the fields from a reader that ends exactly where this rdata ends. */
  decode(r: MessageReader, typeName: string): T;
  additionalNames?(data: T): Name[];
}

/**
 * Wrap a type's spec into an RDataCodec that
 * - accepts RFC 3597 `\# len hex` for known types too (decoded with the type's own decoder), and
 * - bounds decoding to RDLENGTH, so a field can never read into the next record, and leftover
 *   octets are an error rather than silently ignored.
 */
export function define<T extends RData>(spec: CodecSpec<T>): RDataCodec<T> {
  const typeName = typeToString(spec.type);
  const decode = (r: MessageReader, length: number): T => decodeBounded(spec, typeName, r, length);
  const codec: RDataCodec<T> = {
    type: spec.type,
    fromText(tokens: readonly RDataToken[], origin: Name): T {
      if (isGenericText(tokens)) {
        const raw = parseGenericText(tokens, typeName);
        return decode(new MessageReader(raw), raw.length);
      }
      const c = new TokenCursor(tokens, typeName);
      const data = spec.fromText(c, origin, typeName);
      c.end();
      return data;
    },
    toText: (d) => spec.toText(d),
    encode: (d, w) => spec.encode(d, w),
    decode,
  };
  if (spec.additionalNames) codec.additionalNames = (d) => spec.additionalNames!(d);
  return codec;
}

function decodeBounded<T extends RData>(spec: CodecSpec<T>, typeName: string, r: MessageReader, length: number): T {
  const start = r.pos;
  if (start + length > r.end) throw new WireError("TRUNCATED", `${typeName} rdata of ${length} octets runs past the end of the message`);
  const sub = new MessageReader(r.buf, start, start + length);
  let data: T;
  try {
    data = spec.decode(sub, typeName);
  } catch (e) {
    if (e instanceof WireError && e.code === "TRUNCATED") {
      throw new WireError("BAD_RDATA", `${typeName}: rdata of ${length} octets is too short for its fields`);
    }
    throw e;
  }
  if (sub.pos !== start + length) {
    throw new WireError("BAD_RDATA", `${typeName}: ${start + length - sub.pos} octets left over after the last field`);
  }
  r.pos = start + length;
  return data;
}
