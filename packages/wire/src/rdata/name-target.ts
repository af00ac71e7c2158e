import { RRType } from "../constants.js";
import { define } from "./define.js";
import { tokenName } from "./text.js";
import type { NameTargetData } from "./types.js";

/**
 * Types whose rdata is a single name. RFC 3597 4 allows compressing it for the RFC 1035 types
 * (NS, CNAME, PTR) but not for DNAME (RFC 6672 2.5), which some resolvers would misparse.
 */
function nameTarget(type: number, compress: boolean, additional: boolean) {
  return define<NameTargetData>({
    type,
    fromText: (c, origin, t) => ({ target: tokenName(c.next("target name"), origin, `${t} target`) }),
    toText: (d) => d.target,
    encode: (d, w) => w.name(d.target, compress),
    decode: (r) => ({ target: r.name() }),
    ...(additional ? { additionalNames: (d: NameTargetData) => [d.target] } : {}),
  });
}

export const nsCodec = nameTarget(RRType.NS, true, true);
export const cnameCodec = nameTarget(RRType.CNAME, true, false);
export const ptrCodec = nameTarget(RRType.PTR, true, false);
export const dnameCodec = nameTarget(RRType.DNAME, false, false);
