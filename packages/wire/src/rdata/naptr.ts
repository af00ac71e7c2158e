import { RRType } from "../constants.js";
import { WireError } from "../errors.js";
import { define } from "./define.js";
import { parseUint } from "./numbers.js";
import { charString, quoteBytes, tokenName } from "./text.js";
import type { NAPTRData } from "./types.js";

/** RFC 3403 4.1: flags are single characters from A-Z and 0-9 (BIND enforces the same). */
function checkFlags(flags: Uint8Array): Uint8Array {
  for (const b of flags) {
    const ch = String.fromCharCode(b);
    if (!/[A-Za-z0-9]/.test(ch)) throw new WireError("BAD_RDATA", `NAPTR flags: "${ch}" is not a letter or digit`);
  }
  return flags;
}

/** NAPTR (RFC 3403); the replacement is never compressed (RFC 3597 4). */
export const naptrCodec = define<NAPTRData>({
  type: RRType.NAPTR,
  fromText: (c, origin) => ({
    order: parseUint(c.next("order"), 0xffff, "NAPTR order"),
    preference: parseUint(c.next("preference"), 0xffff, "NAPTR preference"),
    flags: checkFlags(charString(c.next("flags"), "NAPTR flags")),
    services: charString(c.next("services"), "NAPTR services"),
    regexp: charString(c.next("regexp"), "NAPTR regexp"),
    replacement: tokenName(c.next("replacement"), origin, "NAPTR replacement"),
  }),
  toText: (d) => `${d.order} ${d.preference} ${quoteBytes(d.flags)} ${quoteBytes(d.services)} ${quoteBytes(d.regexp)} ${d.replacement}`,
  encode(d, w) {
    w.u16(d.order);
    w.u16(d.preference);
    for (const s of [d.flags, d.services, d.regexp]) {
      w.u8(s.length);
      w.bytes(s);
    }
    w.name(d.replacement, false);
  },
  decode(r) {
    const order = r.u16();
    const preference = r.u16();
    const flags = checkFlags(Uint8Array.from(r.bytes(r.u8())));
    const services = Uint8Array.from(r.bytes(r.u8()));
    const regexp = Uint8Array.from(r.bytes(r.u8()));
    return { order, preference, flags, services, regexp, replacement: r.name() };
  },
});
