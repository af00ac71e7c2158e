import { RRType } from "../constants.js";
import { WireError } from "../errors.js";
import { define } from "./define.js";
import { quoteBytes, unescapeText } from "./text.js";
import type { TXTData } from "./types.js";

/**
 * TXT: one or more character-strings. A zone-file string longer than 255 octets is split into
 * 255-octet pieces, as BIND and Knot do, instead of being rejected.
 */
export const txtCodec = define<TXTData>({
  type: RRType.TXT,
  fromText(c) {
    const strings: Uint8Array[] = [];
    for (const t of c.rest()) {
      const bytes = unescapeText(t.text, "TXT string");
      if (bytes.length === 0) strings.push(bytes);
      for (let i = 0; i < bytes.length; i += 255) strings.push(bytes.slice(i, i + 255));
    }
    if (strings.length === 0) throw new WireError("BAD_RDATA", "TXT: needs at least one character-string");
    return { strings };
  },
  toText: (d) => d.strings.map(quoteBytes).join(" "),
  encode(d, w) {
    for (const s of d.strings) {
      w.u8(s.length);
      w.bytes(s);
    }
  },
  decode(r) {
    const strings: Uint8Array[] = [];
    // An empty TXT rdata is not a TXT record (RFC 1035 3.3.14: one or more strings).
    do strings.push(Uint8Array.from(r.bytes(r.u8())));
    while (r.remaining() > 0);
    return { strings };
  },
});
