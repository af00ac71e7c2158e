import { RRType } from "../constants.js";
import { define } from "./define.js";
import { ipv4FromBytes, ipv4ToBytes, ipv6FromBytes, ipv6ToBytes } from "./ip.js";
import type { AData } from "./types.js";

/**
 * `address` is text, so encoding would parse it for every answer; remember the bytes per data
 * object instead (zones are immutable, so an object's address never changes).
 */
const wireCache = new WeakMap<AData, Uint8Array>();
function cached(d: AData, toBytes: (text: string, field: string) => Uint8Array, field: string): Uint8Array {
  let b = wireCache.get(d);
  if (!b) wireCache.set(d, (b = toBytes(d.address, field)));
  return b;
}

/** A: `address` is kept in canonical dotted-quad text so equal addresses compare equal. */
export const aCodec = define<AData>({
  type: RRType.A,
  fromText: (c) => ({ address: ipv4FromBytes(ipv4ToBytes(c.next("address").text, "A address")) }),
  toText: (d) => d.address,
  encode: (d, w) => w.bytes(cached(d, ipv4ToBytes, "A address")),
  decode: (r) => ({ address: ipv4FromBytes(r.bytes(4)) }),
});

/** AAAA: `address` is kept in RFC 5952 canonical text. */
export const aaaaCodec = define<AData>({
  type: RRType.AAAA,
  fromText: (c) => ({ address: ipv6FromBytes(ipv6ToBytes(c.next("address").text, "AAAA address")) }),
  toText: (d) => d.address,
  encode: (d, w) => w.bytes(cached(d, ipv6ToBytes, "AAAA address")),
  decode: (r) => ({ address: ipv6FromBytes(r.bytes(16)) }),
});
