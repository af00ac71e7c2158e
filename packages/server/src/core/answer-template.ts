import { optRecordLength, writeOptRecord } from "@dnsteer/wire";
import type { QueryContext, Reply } from "./handler.js";

/**
 * An answer template is a full response encoded once for the first query of a name and type,
 * without OPT and without a size limit. Answering from one copies it and patches what differs
 * per query (ID, RD/CD, the question's case and class) and appends the OPT record: no lookup
 * and no name compression per query (how Knot and NSD get speed). The cache plugin keeps
 * templates of zone answers, the steer plugin of steered answers; both answer through here.
 *
 * Returns null when the template would not fit the client's limit: the caller then encodes
 * the answer with truncation (RFC 2181 9).
 */
export function answerFromTemplate(template: Buffer, ctx: QueryContext): Reply {
  const { msg, query, edns } = ctx;
  const optLen = edns ? optRecordLength(edns) : 0;
  if (template.length + optLen > ctx.limit) return null;
  const out = Buffer.allocUnsafe(template.length + optLen);
  copyTemplate(template, msg, 0, query.questionEnd, out, 0);
  if (edns) {
    countOneMoreAdditional(out, 0);
    writeOptRecord(out, template.length, edns);
  }
  return out;
}

/**
 * The template written at out[at..] and patched with what is the query's (at msg[start..],
 * its question ending `questionEnd` octets in): its ID, RD and CD, and its question bytes —
 * the client's case and class (ANY). Allocation-free: the batch path's fast lane writes its
 * answers with it too, straight into the send ring.
 */
export function copyTemplate(template: Uint8Array, msg: Uint8Array, start: number, questionEnd: number, out: Uint8Array, at: number): void {
  out.set(template, at); // TypedArray.set: native, without Buffer.copy's argument handling
  out[at] = msg[start]!;
  out[at + 1] = msg[start + 1]!;
  out[at + 2] = (template[2]! & ~0x01) | (msg[start + 2]! & 0x01); // RD
  out[at + 3] = (template[3]! & ~0x10) | (msg[start + 3]! & 0x10); // CD
  // A few dozen bytes: a loop beats copy().
  for (let i = 12; i < questionEnd; i++) out[at + i] = msg[start + i]!;
}

/** ARCOUNT of the message at out[at..] one higher (the OPT record appended after a template). */
export function countOneMoreAdditional(out: Uint8Array, at: number): void {
  const arcount = ((out[at + 10]! << 8) | out[at + 11]!) + 1;
  out[at + 10] = arcount >> 8;
  out[at + 11] = arcount & 0xff;
}
