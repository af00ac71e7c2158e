import type { Name } from "../name.js";
import { MessageWriter } from "../writer.js";
import { aaaaCodec, aCodec } from "./address.js";
import { caaCodec } from "./caa.js";
import { define } from "./define.js";
import { genericBody } from "./generic.js";
import { hinfoCodec } from "./hinfo.js";
import { mxCodec } from "./mx.js";
import { cnameCodec, dnameCodec, nsCodec, ptrCodec } from "./name-target.js";
import { naptrCodec } from "./naptr.js";
import { soaCodec } from "./soa.js";
import { srvCodec } from "./srv.js";
import { httpsCodec, svcbCodec } from "./svcb.js";
import { txtCodec } from "./txt.js";
import type { RData, RDataCodec, RDataToken } from "./types.js";

const codecs = new Map<number, RDataCodec>(
  [
    aCodec,
    aaaaCodec,
    nsCodec,
    cnameCodec,
    dnameCodec,
    ptrCodec,
    soaCodec,
    mxCodec,
    txtCodec,
    srvCodec,
    caaCodec,
    naptrCodec,
    hinfoCodec,
    svcbCodec,
    httpsCodec,
  ].map((c) => [c.type, c as RDataCodec]),
);
const genericCodecs = new Map<number, RDataCodec>();

/** The RFC 3597 codec for `type`: `\# len hex` text, rdata kept as opaque bytes. */
export function genericCodec(type: number): RDataCodec {
  let c = genericCodecs.get(type);
  if (!c) {
    c = define({ type, ...genericBody, fromText: (cur, _o, t) => genericBody.fromText(cur.rest(), t) });
    genericCodecs.set(type, c);
  }
  return c;
}

/** The codec for a type; types without their own presentation format get the RFC 3597 one. */
export function codecFor(type: number): RDataCodec {
  return codecs.get(type) ?? genericCodec(type);
}

/** True when `type` has a typed codec (not just RFC 3597 opaque bytes). */
export function hasTypedCodec(type: number): boolean {
  return codecs.has(type);
}

export function rdataFromText(type: number, tokens: readonly RDataToken[], origin: Name): RData {
  return codecFor(type).fromText(tokens, origin);
}

export function rdataToText(type: number, data: RData): string {
  return codecFor(type).toText(data);
}

/** A writer that never emits pointers (SOA's rname would otherwise point into its mname). */
class UncompressedWriter extends MessageWriter {
  override name(name: Name): void {
    super.name(name, false);
  }
}

/** Uncompressed wire RDATA (no RDLENGTH): the form DNSSEC and equality comparisons use. */
export function rdataToWire(type: number, data: RData): Uint8Array {
  const w = new UncompressedWriter(64);
  codecFor(type).encode(data, w);
  return Uint8Array.from(w.view());
}

/** Same rdata? Compared on the uncompressed wire form; names are canonical (lowercase) already. */
export function rdataEquals(type: number, a: RData, b: RData): boolean {
  return Buffer.from(rdataToWire(type, a)).equals(rdataToWire(type, b));
}
