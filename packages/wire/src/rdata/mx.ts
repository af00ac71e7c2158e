import { RRType } from "../constants.js";
import { define } from "./define.js";
import { parseUint } from "./numbers.js";
import { tokenName } from "./text.js";
import type { MXData } from "./types.js";

export const mxCodec = define<MXData>({
  type: RRType.MX,
  fromText: (c, origin) => ({
    preference: parseUint(c.next("preference"), 0xffff, "MX preference"),
    exchange: tokenName(c.next("exchange"), origin, "MX exchange"),
  }),
  toText: (d) => `${d.preference} ${d.exchange}`,
  encode(d, w) {
    w.u16(d.preference);
    w.name(d.exchange);
  },
  decode: (r) => ({ preference: r.u16(), exchange: r.name() }),
  additionalNames: (d) => [d.exchange],
});
