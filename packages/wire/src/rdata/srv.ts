import { RRType } from "../constants.js";
import { define } from "./define.js";
import { parseUint } from "./numbers.js";
import { tokenName } from "./text.js";
import type { SRVData } from "./types.js";

/** RFC 2782; the target is never compressed (RFC 2782 "Target", RFC 3597 4). */
export const srvCodec = define<SRVData>({
  type: RRType.SRV,
  fromText: (c, origin) => ({
    priority: parseUint(c.next("priority"), 0xffff, "SRV priority"),
    weight: parseUint(c.next("weight"), 0xffff, "SRV weight"),
    port: parseUint(c.next("port"), 0xffff, "SRV port"),
    target: tokenName(c.next("target"), origin, "SRV target"),
  }),
  toText: (d) => `${d.priority} ${d.weight} ${d.port} ${d.target}`,
  encode(d, w) {
    w.u16(d.priority);
    w.u16(d.weight);
    w.u16(d.port);
    w.name(d.target, false);
  },
  decode: (r) => ({ priority: r.u16(), weight: r.u16(), port: r.u16(), target: r.name() }),
  // "." means "no service here" (RFC 2782), so there is nothing to add.
  additionalNames: (d) => (d.target === "." ? [] : [d.target]),
});
