import { RRType } from "./constants.js";
import type { Edns } from "./edns.js";
import { decodeOptions, ednsFromOptHeader } from "./edns.js";
import type { Name } from "./name.js";
import { codecFor } from "./rdata/index.js";
import type { RR } from "./rdata/types.js";
import { MessageReader } from "./reader.js";

/** A fully decoded message, for clients, tests and tools (not the server's hot path). */
export interface Message {
  id: number;
  flags: number;
  opcode: number;
  /** Full rcode: header bits plus the OPT extended bits. */
  rcode: number;
  question: Array<{ name: Name; type: number; class: number }>;
  answer: RR[];
  authority: RR[];
  additional: RR[];
  edns?: Edns;
}

/** Decode any message, bounds- and pointer-checked; throws WireError on malformed input. */
export function decodeMessage(buf: Uint8Array): Message {
  const r = new MessageReader(buf);
  const id = r.u16();
  const flags = r.u16();
  const counts = [r.u16(), r.u16(), r.u16(), r.u16()] as const;
  const question = [];
  for (let i = 0; i < counts[0]; i++) question.push({ name: r.name(), type: r.u16(), class: r.u16() });
  const sections: RR[][] = [[], [], []];
  let edns: Edns | undefined;
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) {
      const name = r.name();
      const type = r.u16();
      const cls = r.u16();
      const ttl = r.u32();
      const rdlen = r.u16();
      if (type === RRType.OPT) {
        const rdata = r.bytes(rdlen);
        edns = ednsFromOptHeader(cls, ttl);
        decodeOptions(rdata, edns, (flags & 0x8000) !== 0);
        continue;
      }
      const end = r.pos + rdlen;
      const sub = new MessageReader(buf, r.pos, end);
      const data = codecFor(type).decode(sub, rdlen);
      r.pos = end;
      sections[s]!.push({ name, type, class: cls, ttl, data });
    }
  }
  const rcode = (flags & 0xf) | ((edns?.extendedRcode ?? 0) << 4);
  return {
    id,
    flags,
    opcode: (flags >> 11) & 0xf,
    rcode,
    question,
    answer: sections[0]!,
    authority: sections[1]!,
    additional: sections[2]!,
    edns,
  };
}
