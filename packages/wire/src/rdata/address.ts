import { formatIPv4, formatIPv6 } from "@dnsteer/net";
import { RRType } from "../constants.js";
import { define } from "./define.js";
import { ipv4ToBytes, ipv6ToBytes } from "./ip.js";
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
  fromText: (c) => ({ address: formatIPv4(ipv4ToBytes(c.next("address").text, "A address")) }),
  toText: (d) => d.address,
  encode: (d, w) => w.bytes(cached(d, ipv4ToBytes, "A address")),
  decode: (r) => ({ address: formatIPv4(r.bytes(4)) }),
});

/** AAAA: `address` is kept in RFC 5952 canonical text. */
export const aaaaCodec = define<AData>({
  type: RRType.AAAA,
  fromText: (c) => ({ address: formatIPv6(ipv6ToBytes(c.next("address").text, "AAAA address")) }),
  toText: (d) => d.address,
  encode: (d, w) => w.bytes(cached(d, ipv6ToBytes, "AAAA address")),
  decode: (r) => ({ address: formatIPv6(r.bytes(16)) }),
});
