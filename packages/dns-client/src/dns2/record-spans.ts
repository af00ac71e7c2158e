import { MessageReader, RRType, WireError } from "@dnsteer/wire";

/** Where one record sits in a message; enough to rebuild a record dns2 failed to decode. */
export interface RecordSpan {
  type: number;
  class: number;
  ttl: number;
  rdata: Uint8Array;
}

export type SectionName = "answers" | "authorities" | "additionals";
export const SECTIONS: readonly SectionName[] = ["answers", "authorities", "additionals"];

/**
 * Every record of every section, OPT included and in wire order. `decodeMessage` drops the
 * OPT's position and raw options, which the repairs need. Only call on a message that
 * `decodeMessage` accepted: the reader is bounds-checked anyway, but names are not re-validated.
 */
export function recordSpans(buf: Uint8Array): Record<SectionName, RecordSpan[]> {
  const r = new MessageReader(buf);
  r.pos = 4;
  const qd = r.u16();
  const counts = [r.u16(), r.u16(), r.u16()];
  for (let i = 0; i < qd; i++) {
    r.name();
    r.pos += 4;
  }
  const out: Record<SectionName, RecordSpan[]> = { answers: [], authorities: [], additionals: [] };
  let opts = 0;
  SECTIONS.forEach((section, s) => {
    for (let i = 0; i < counts[s]!; i++) {
      r.name();
      const type = r.u16();
      const cls = r.u16();
      const ttl = r.u32();
      const rdata = r.bytes(r.u16());
      // RFC 6891 6.1.1: one OPT, in the additional section; dns2 would take any of several.
      if (type === RRType.OPT && (section !== "additionals" || ++opts > 1)) {
        throw new WireError("BAD_RDATA", "OPT record outside the additional section, or more than one");
      }
      out[section].push({ type, class: cls, ttl, rdata });
    }
  });
  return out;
}
