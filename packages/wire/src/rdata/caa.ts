import { RRType } from "../constants.js";
import { WireError } from "../errors.js";
import { define } from "./define.js";
import { parseUint } from "./numbers.js";
import { quoteBytes, unescapeText } from "./text.js";
import type { CAAData } from "./types.js";

/** RFC 8659 4.1: a tag is 1-15 ASCII letters and digits. */
function checkTag(tag: string): string {
  if (!/^[A-Za-z0-9]{1,15}$/.test(tag)) {
    throw new WireError("BAD_RDATA", `CAA tag: "${tag}" must be 1-15 letters or digits`);
  }
  return tag;
}

export const caaCodec = define<CAAData>({
  type: RRType.CAA,
  fromText: (c) => ({
    flags: parseUint(c.next("flags"), 0xff, "CAA flags"),
    tag: checkTag(c.next("tag").text),
    // The value is the rest of the rdata, not a character-string, so it may exceed 255 octets.
    value: unescapeText(c.next("value").text, "CAA value"),
  }),
  toText: (d) => `${d.flags} ${d.tag} ${quoteBytes(d.value)}`,
  encode(d, w) {
    w.u8(d.flags);
    w.u8(d.tag.length);
    w.bytes(Buffer.from(d.tag, "ascii"));
    w.bytes(d.value);
  },
  decode(r) {
    const flags = r.u8();
    const tag = checkTag(Buffer.from(r.bytes(r.u8())).toString("latin1"));
    return { flags, tag, value: Uint8Array.from(r.bytes(r.remaining())) };
  },
});
