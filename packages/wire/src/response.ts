import { Flag } from "./constants.js";
import { optRecordLength, type ResponseEdns, writeOptRecord } from "./edns.js";
import { WireError } from "./errors.js";
import type { Name } from "./name.js";
import { keyToName, type Query } from "./query.js";
import { codecFor } from "./rdata/index.js";
import type { RData } from "./rdata/types.js";
import { MessageWriter } from "./writer.js";

/** An RRset as the encoder sees it (structurally the zone package's RRset). */
export interface RRsetLike {
  name: Name;
  type: number;
  class: number;
  ttl: number;
  rdata: readonly RData[];
}

export interface ResponseContent {
  rcode: number;
  aa: boolean;
  answer: readonly RRsetLike[];
  authority: readonly RRsetLike[];
  additional: readonly RRsetLike[];
  /** Additional RRsets that must be present or the message is truncated (RFC 9471 glue). */
  requiredAdditional?: ReadonlySet<RRsetLike>;
}

/**
 * Encode a response to `query` (whose bytes are `msg`): header, the question echoed verbatim
 * (so the client's case is kept), sections, then OPT. The result never exceeds `limit`:
 * RRsets are never split; if an answer or authority RRset (or required glue) does not fit,
 * TC is set and what fitted is kept; optional additional data is just left out (RFC 2181 9).
 */
export function encodeResponse(msg: Uint8Array, query: Query, content: ResponseContent, limit: number, edns?: ResponseEdns): Buffer {
  const w = new MessageWriter(Math.min(limit, 1232));
  w.bytes(msg.subarray(0, query.questionEnd));
  w.addCompressionTarget(keyToName(query.key), 12);
  const budget = limit - (edns ? optRecordLength(edns) : 0);
  const counts = [0, 0, 0];
  let truncated = false;
  const sections = [content.answer, content.authority, content.additional] as const;
  outer: for (let s = 0; s < 3; s++) {
    for (const rrset of sections[s]!) {
      const mark = w.pos;
      if (!tryWriteRRset(w, rrset) || w.pos > budget) {
        w.truncate(mark);
        if (s < 2 || content.requiredAdditional?.has(rrset)) truncated = true;
        break outer;
      }
      counts[s]! += rrset.rdata.length;
    }
  }
  let arcount = counts[2]!;
  if (edns) {
    const at = w.pos;
    w.bytes(new Uint8Array(optRecordLength(edns)));
    writeOptRecord(w.buf, at, edns);
    arcount += 1;
  }
  const out = Buffer.from(w.view());
  let flags = Flag.QR | (query.flags & (0x7800 | Flag.RD | Flag.CD)) | (content.rcode & 0xf);
  if (content.aa) flags |= Flag.AA;
  if (truncated) flags |= Flag.TC;
  out.writeUInt16BE(flags, 2);
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(counts[0]!, 6);
  out.writeUInt16BE(counts[1]!, 8);
  out.writeUInt16BE(arcount, 10);
  return out;
}

/**
 * writeRRset, false when the message would pass 65535 octets (an RRset behind a CNAME or DNAME
 * can, even when each RRset alone fits): that is "does not fit", so TC, never an exception and
 * SERVFAIL. The caller truncates back to before the RRset.
 */
function tryWriteRRset(w: MessageWriter, rrset: RRsetLike): boolean {
  try {
    writeRRset(w, rrset);
    return true;
  } catch (e) {
    if (e instanceof WireError && e.code === "NO_SPACE") return false;
    throw e;
  }
}

export function writeRRset(w: MessageWriter, rrset: RRsetLike): void {
  const codec = codecFor(rrset.type);
  for (const data of rrset.rdata) {
    w.name(rrset.name);
    w.u16(rrset.type);
    w.u16(rrset.class);
    w.u32(rrset.ttl);
    const lenAt = w.reserve16();
    codec.encode(data, w);
    w.patch16(lenAt, w.pos - lenAt - 2);
  }
}

/**
 * A header-only or header+question reply (FORMERR, NOTIMP, REFUSED, BADVERS...).
 * `questionEnd` 0 omits the question; RD/CD are echoed only when `echoFlags`.
 */
export function encodeBareResponse(msg: Uint8Array, questionEnd: number, rcode: number, echoFlags: boolean, edns?: ResponseEdns): Buffer {
  const optLen = edns ? optRecordLength(edns) : 0;
  const out = Buffer.alloc(Math.max(12, questionEnd) + optLen);
  out.set(msg.subarray(0, Math.max(12, questionEnd)));
  const qflags = (msg[2]! << 8) | msg[3]!;
  let flags = Flag.QR | (qflags & 0x7800) | (rcode & 0xf);
  if (echoFlags) flags |= qflags & (Flag.RD | Flag.CD);
  out.writeUInt16BE(flags, 2);
  out.writeUInt16BE(questionEnd > 12 ? 1 : 0, 4);
  out.writeUInt32BE(0, 6);
  out.writeUInt16BE(edns ? 1 : 0, 10);
  if (edns) writeOptRecord(out, Math.max(12, questionEnd), edns);
  return out;
}
