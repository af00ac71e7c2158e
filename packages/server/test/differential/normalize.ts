import { classToString, codecFor, decodeMessage, type RR, typeToString } from "@dnsteer/wire";

/** A response reduced to what the differential compares; sections sorted so order is ignored. */
export interface View {
  rcode: number;
  opcode: number;
  flags: { qr: boolean; aa: boolean; tc: boolean; rd: boolean; ra: boolean; ad: boolean; cd: boolean };
  /** Question as sent back, name case preserved (hex of the raw name bytes + type/class). */
  question: string;
  answer: string[];
  authority: string[];
  additional: string[];
  /** OPT summary, or "none". */
  edns: string;
}

/** Owner lowercased (decodeMessage already canonicalises), TTL, class, type, rdata presentation. */
export function rrText(rr: RR): string {
  return `${rr.name} ${rr.ttl} ${classToString(rr.class)} ${typeToString(rr.type)} ${codecFor(rr.type).toText(rr.data)}`;
}

function rawQuestion(buf: Buffer): string {
  if (buf.readUInt16BE(4) === 0) return "(none)";
  let i = 12;
  while (i < buf.length && buf[i] !== 0 && buf[i]! < 0xc0) i += buf[i]! + 1;
  const nameBytes = buf.subarray(12, i);
  const labels: string[] = [];
  for (let j = 0; j < nameBytes.length; j += nameBytes[j]! + 1)
    labels.push(nameBytes.subarray(j + 1, j + 1 + nameBytes[j]!).toString("latin1"));
  const typeClass = buf.length >= i + 5 ? `${typeToString(buf.readUInt16BE(i + 1))} ${classToString(buf.readUInt16BE(i + 3))}` : "(cut)";
  return `${labels.join(".")}. ${typeClass}`;
}

export function toView(buf: Buffer): View {
  const m = decodeMessage(buf);
  const f = m.flags;
  const edns = m.edns
    ? `v${m.edns.version} udp=${m.edns.udpSize} do=${m.edns.dnssecOk ? 1 : 0} opts=[${m.edns.options.map((o) => `${o.code}:${Buffer.from(o.data).toString("hex")}`).join(",")}]`
    : "none";
  return {
    rcode: m.rcode,
    opcode: m.opcode,
    flags: {
      qr: !!(f & 0x8000),
      aa: !!(f & 0x0400),
      tc: !!(f & 0x0200),
      rd: !!(f & 0x0100),
      ra: !!(f & 0x0080),
      ad: !!(f & 0x0020),
      cd: !!(f & 0x0010),
    },
    question: rawQuestion(buf),
    answer: m.answer.map(rrText).sort(),
    authority: m.authority.map(rrText).sort(),
    additional: m.additional.map(rrText).sort(),
    edns,
  };
}

/** Field-by-field differences between two views ("" when equal). */
export function diffViews(a: View, b: View): string[] {
  const out: string[] = [];
  if (a.rcode !== b.rcode) out.push(`rcode ${a.rcode} vs ${b.rcode}`);
  if (a.opcode !== b.opcode) out.push(`opcode ${a.opcode} vs ${b.opcode}`);
  for (const k of Object.keys(a.flags) as Array<keyof View["flags"]>)
    if (a.flags[k] !== b.flags[k]) out.push(`flag ${k.toUpperCase()} ${+a.flags[k]} vs ${+b.flags[k]}`);
  if (a.question !== b.question) out.push(`question "${a.question}" vs "${b.question}"`);
  for (const s of ["answer", "authority", "additional"] as const) {
    if (a[s].join("\n") !== b[s].join("\n")) out.push(`${s} differs`);
  }
  if (a.edns !== b.edns) out.push(`edns ${a.edns} vs ${b.edns}`);
  return out;
}

/** A view as dig-like text, for the failure report. */
export function showView(v: View | null): string {
  if (!v) return "    (no answer)";
  const flags = Object.entries(v.flags)
    .filter(([, on]) => on)
    .map(([k]) => k)
    .join(" ");
  const lines = [`    rcode=${v.rcode} opcode=${v.opcode} flags=[${flags}] q=${v.question} edns=${v.edns}`];
  for (const s of ["answer", "authority", "additional"] as const) for (const r of v[s]) lines.push(`    ${s.slice(0, 4)}: ${r}`);
  return lines.join("\n");
}
