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
  out.set(template); // TypedArray.set: native, without Buffer.copy's argument handling
  out[0] = msg[0]!;
  out[1] = msg[1]!;
  out[2] = (template[2]! & ~0x01) | (msg[2]! & 0x01); // RD
  out[3] = (template[3]! & ~0x10) | (msg[3]! & 0x10); // CD
  // The client's question: its case, and its class (ANY). A few dozen bytes: a loop beats copy().
  for (let i = 12; i < query.questionEnd; i++) out[i] = msg[i]!;
  if (edns) {
    out.writeUInt16BE(out.readUInt16BE(10) + 1, 10);
    writeOptRecord(out, template.length, edns);
  }
  return out;
}
