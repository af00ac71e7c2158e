import { WireError } from "../errors.js";

/** Dotted-quad IPv4 to 4 octets; leading zeros are rejected as inet_pton does (no octal guessing). */
export function ipv4ToBytes(text: string, field: string): Uint8Array {
  const parts = text.split(".");
  const ok = parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
  if (!ok) throw new WireError("BAD_RDATA", `${field}: "${text}" is not an IPv4 address`);
  return Uint8Array.from(parts.map(Number));
}

export function ipv4FromBytes(b: Uint8Array): string {
  return Array.from(b).join(".");
}

/** IPv6 text (with "::" and an optional trailing dotted quad) to 16 octets. */
export function ipv6ToBytes(text: string, field: string): Uint8Array {
  const bad = () => new WireError("BAD_RDATA", `${field}: "${text}" is not an IPv6 address`);
  const halves = text.split("::");
  if (halves.length > 2) throw bad();
  const groups = (s: string): number[] => {
    if (s === "") return [];
    const out: number[] = [];
    const parts = s.split(":");
    parts.forEach((p, i) => {
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = ipv4ToBytes(p, field);
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else throw bad();
    });
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) throw bad();
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** RFC 5952 canonical text: lowercase, no leading zeros, longest run (>= 2) of zero groups as "::". */
export function ipv6FromBytes(b: Uint8Array): string {
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i]! << 8) | b[i + 1]!);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(":");
  return hex.slice(0, bestStart).join(":") + "::" + hex.slice(bestStart + bestLen).join(":");
}
