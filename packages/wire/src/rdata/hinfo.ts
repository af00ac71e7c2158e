import { RRType } from "../constants.js";
import { define } from "./define.js";
import { charString, quoteBytes } from "./text.js";
import type { HINFOData } from "./types.js";

/** HINFO (RFC 1035 3.3.2), which RFC 8482 also uses for minimal ANY answers. */
export const hinfoCodec = define<HINFOData>({
  type: RRType.HINFO,
  fromText: (c) => ({ cpu: charString(c.next("cpu"), "HINFO cpu"), os: charString(c.next("os"), "HINFO os") }),
  toText: (d) => `${quoteBytes(d.cpu)} ${quoteBytes(d.os)}`,
  encode(d, w) {
    w.u8(d.cpu.length);
    w.bytes(d.cpu);
    w.u8(d.os.length);
    w.bytes(d.os);
  },
  decode: (r) => ({ cpu: Uint8Array.from(r.bytes(r.u8())), os: Uint8Array.from(r.bytes(r.u8())) }),
});
