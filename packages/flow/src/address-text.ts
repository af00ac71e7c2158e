import { setIpv4, setIpv6 } from "./address-bytes.js";
import type { SourceKey } from "./source-key.js";

const groups = new Uint16Array(8); // parse scratch: no allocation per call
let ipv4Word = 0;

/**
 * `out` := the address text as a full-length key (what `dgram` gives as `rinfo.address`):
 * dotted IPv4, or IPv6 with `::`, an embedded dotted tail and an ignored `%zone`. IPv4-mapped
 * IPv6 becomes IPv4. Returns false (leaving `out` unspecified) for anything else.
 */
export function keyFromAddressText(out: SourceKey, text: string): boolean {
  out.ecs = false;
  const zone = text.indexOf("%");
  const end = zone < 0 ? text.length : zone;
  if (parseIpv4(text, 0, end)) {
    setIpv4(out, ipv4Word, 32);
    return true;
  }
  if (!parseIpv6(text, end)) return false;
  const w0 = (groups[0]! << 16) | groups[1]!;
  const w1 = (groups[2]! << 16) | groups[3]!;
  const w2 = (groups[4]! << 16) | groups[5]!;
  const w3 = (groups[6]! << 16) | groups[7]!;
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) setIpv4(out, w3, 32);
  else setIpv6(out, w0, w1, w2, w3, 128);
  return true;
}

/** Dotted quad in text[start, end) into `ipv4Word`; no leading zeros (they mean octal to some). */
function parseIpv4(text: string, start: number, end: number): boolean {
  let word = 0;
  let parts = 0;
  let i = start;
  while (parts < 4) {
    let value = 0;
    let digits = 0;
    for (; i < end; i++, digits++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
    }
    if (digits === 0 || digits > 3 || value > 255 || (digits > 1 && text.charCodeAt(i - digits) === 48)) return false;
    word = (word << 8) | value;
    parts++;
    if (parts < 4) {
      if (i >= end || text.charCodeAt(i) !== 46) return false;
      i++;
    }
  }
  ipv4Word = word;
  return i === end;
}

/** IPv6 text in text[0, end) into `groups`. */
function parseIpv6(text: string, end: number): boolean {
  let count = 0;
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < end) {
    const start = i;
    let value = 0;
    for (; i < end && i - start < 5; i++) {
      const h = hexValue(text.charCodeAt(i));
      if (h < 0) break;
      value = value * 16 + h;
    }
    const digits = i - start;
    if (i < end && text.charCodeAt(i) === 46) {
      if (count > 6 || !parseIpv4(text, start, end)) return false;
      groups[count++] = ipv4Word >>> 16;
      groups[count++] = ipv4Word & 0xffff;
      break;
    }
    if (digits === 0 || digits > 4 || count === 8) return false;
    groups[count++] = value;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (text.charCodeAt(i) === 58 && i < end) {
      if (gap >= 0) return false;
      gap = count;
      i++;
    } else if (i === end) {
      return false;
    }
  }
  if (gap < 0) return count === 8;
  if (count > 7) return false;
  const tail = count - gap;
  for (let k = 0; k < tail; k++) groups[7 - k] = groups[count - 1 - k]!;
  for (let k = gap; k < 8 - tail; k++) groups[k] = 0;
  return true;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** Canonical text: dotted IPv4, or RFC 5952 IPv6 (lowercase, longest zero run as `::`). */
export function formatAddress(family: 4 | 6, w0: number, w1: number, w2: number, w3: number): string {
  if (family === 4) return [w0 >>> 24, (w0 >>> 16) & 255, (w0 >>> 8) & 255, w0 & 255].join(".");
  const g = [w0, w1, w2, w3].flatMap((w) => [(w >>> 16) & 0xffff, w & 0xffff]);
  let bestAt = -1;
  let bestLength = 1; // a single zero group is never compressed (RFC 5952 4.2.2)
  for (let k = 0; k < 8; ) {
    if (g[k] !== 0) { k++; continue; }
    let run = k;
    while (run < 8 && g[run] === 0) run++;
    if (run - k > bestLength) { bestAt = k; bestLength = run - k; }
    k = run;
  }
  const hex = (part: number[]) => part.map((v) => v.toString(16)).join(":");
  if (bestAt < 0) return hex(g);
  return `${hex(g.slice(0, bestAt))}::${hex(g.slice(bestAt + bestLength))}`;
}
