import { optRecordLength, writeOptRecord } from "@dnsteer/wire";
import type { QueryContext, Reply } from "../../context.js";

/**
 * Pre-encoded answers, keyed by (qtype, lowercased wire qname): a full response as built for
 * the first query of that name and type, without OPT and without a size limit. Serving one
 * copies it and patches what differs per query (ID, RD/CD, the question's case) and appends
 * the OPT record: no lookup and no name compression per query (how Knot and NSD get speed).
 */
export class TemplateCache {
  private readonly byType = new Map<number, Map<string, Buffer>>();
  private entries = 0;

  constructor(private readonly maxEntries: number) {}

  get(qtype: number, key: string): Buffer | undefined {
    return this.byType.get(qtype)?.get(key);
  }

  set(qtype: number, key: string, template: Buffer): void {
    if (this.maxEntries <= 0) return;
    // Starting over when full bounds memory under random-name floods without LRU bookkeeping.
    if (this.entries >= this.maxEntries) {
      this.byType.clear();
      this.entries = 0;
    }
    let names = this.byType.get(qtype);
    if (!names) this.byType.set(qtype, (names = new Map()));
    if (!names.has(key)) this.entries++;
    names.set(key, template);
  }

  get enabled(): boolean {
    return this.maxEntries > 0;
  }

  get size(): number {
    return this.entries;
  }
}

/** Answer from a template, or null when it would not fit the client's limit (slow path truncates). */
export function serveTemplate(template: Buffer, ctx: QueryContext): Reply {
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
