/**
 * Where a DNS message keeps its length fields, found by a tolerant walk: the mutator aims at
 * these octets (label lengths, compression pointers, RDLENGTHs, EDNS option lengths) because
 * corrupting a length is what reaches a parser's bounds checks. The walk stops quietly at the
 * first thing it cannot follow; whatever it found until then is returned.
 */
export interface WireFields {
  /** Offsets of label length octets. */
  labels: number[];
  /** Offsets of 2-octet compression pointers. */
  pointers: number[];
  /** Offsets of 2-octet RDLENGTH fields. */
  rdlengths: number[];
  /** Offsets of 2-octet EDNS option length fields. */
  optionLengths: number[];
  /** Offsets where a name starts (a place to splice labels or plant a pointer). */
  names: number[];
}

export function wireFields(msg: Uint8Array): WireFields {
  const f: WireFields = { labels: [], pointers: [], rdlengths: [], optionLengths: [], names: [] };
  if (msg.length < 12) return f;
  const u16 = (at: number) => (msg[at]! << 8) | msg[at + 1]!;
  const counts = [u16(4), u16(6), u16(8), u16(10)];
  let at = 12;
  const name = (): boolean => {
    f.names.push(at);
    for (let guard = 0; guard < 128; guard++) {
      if (at >= msg.length) return false;
      const l = msg[at]!;
      if (l === 0) {
        at++;
        return true;
      }
      if ((l & 0xc0) === 0xc0) {
        f.pointers.push(at);
        at += 2;
        return at <= msg.length;
      }
      if (l & 0xc0) return false;
      f.labels.push(at);
      at += l + 1;
    }
    return false;
  };
  for (let i = 0; i < counts[0]!; i++) {
    if (!name()) return f;
    at += 4;
  }
  const records = counts[1]! + counts[2]! + counts[3]!;
  for (let i = 0; i < records; i++) {
    if (!name() || at + 10 > msg.length) return f;
    const type = u16(at);
    f.rdlengths.push(at + 8);
    const rdlen = u16(at + 8);
    const start = at + 10;
    if (type === 41) {
      for (let o = start; o + 4 <= start + rdlen && o + 4 <= msg.length; o += 4 + u16(o + 2)) f.optionLengths.push(o + 2);
    }
    at = start + rdlen;
  }
  return f;
}
