import { RRType } from "../constants.js";
import { define } from "./define.js";
import { ipv4FromBytes, ipv4ToBytes, ipv6FromBytes, ipv6ToBytes } from "./ip.js";
import type { AData } from "./types.js";

/** A: `address` is kept in canonical dotted-quad text so equal addresses compare equal. */
export const aCodec = define<AData>({
  type: RRType.A,
  fromText: (c) => ({ address: ipv4FromBytes(ipv4ToBytes(c.next("address").text, "A address")) }),
  toText: (d) => d.address,
  encode: (d, w) => w.bytes(ipv4ToBytes(d.address, "A address")),
  decode: (r) => ({ address: ipv4FromBytes(r.bytes(4)) }),
});

/** AAAA: `address` is kept in RFC 5952 canonical text. */
export const aaaaCodec = define<AData>({
  type: RRType.AAAA,
  fromText: (c) => ({ address: ipv6FromBytes(ipv6ToBytes(c.next("address").text, "AAAA address")) }),
  toText: (d) => d.address,
  encode: (d, w) => w.bytes(ipv6ToBytes(d.address, "AAAA address")),
  decode: (r) => ({ address: ipv6FromBytes(r.bytes(16)) }),
});
