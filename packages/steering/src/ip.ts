import { ipv4FromBytes, ipv6FromBytes } from "@dnsteer/wire";

/**
 * Address text -> bytes, written into a caller's buffer so the query path allocates nothing.
 * Node hands us the peer address as a string (rinfo.address); these parsers are the cheapest
 * way from that string to the bytes a prefix lookup walks.
 */

/** Parse dotted-quad IPv4 into out[off..off+4]; false if malformed. */
export function parseIPv4Into(text: string, out: Uint8Array, off = 0): boolean {
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part > 3) return false;
      out[off + part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      if (++digits > 3 || value > 255) return false;
    } else return false;
  }
  return part === 4;
}

const groups = new Uint16Array(8);
const v4tail = new Uint8Array(4);

/** Parse IPv6 text (with "::", an optional dotted IPv4 tail, a %zone) into out[off..off+16]. */
export function parseIPv6Into(text: string, out: Uint8Array, off = 0): boolean {
  let n = 0; // groups parsed
  let gapAt = -1; // group index where "::" stands
  let i = 0;
  const end = text.indexOf("%") >= 0 ? text.indexOf("%") : text.length;
  if (text.charCodeAt(0) === 0x3a) {
    if (text.charCodeAt(1) !== 0x3a) return false;
    gapAt = 0;
    i = 2;
  }
  while (i < end) {
    if (n >= 8) return false;
    let value = 0;
    let digits = 0;
    const groupStart = i;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 87 : c >= 0x41 && c <= 0x46 ? c - 55 : -1;
      if (d < 0) break;
      value = (value << 4) | d;
      if (++digits > 4) return false;
    }
    if (i < end && text.charCodeAt(i) === 0x2e) {
      // Dotted IPv4 in the last two groups.
      if (n > 6 || !parseIPv4Into(text.slice(groupStart, end), v4tail)) return false;
      groups[n++] = (v4tail[0]! << 8) | v4tail[1]!;
      groups[n++] = (v4tail[2]! << 8) | v4tail[3]!;
      i = end;
      break;
    }
    if (digits === 0) return false;
    groups[n++] = value;
    if (i === end) break;
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    if (text.charCodeAt(i) === 0x3a) {
      if (gapAt >= 0) return false;
      gapAt = n;
      i++;
    } else if (i === end) return false;
  }
  if (gapAt < 0 ? n !== 8 : n > 7) return false;
  const fill = 8 - n;
  for (let g = 0, w = 0; w < 8; w++) {
    const v = gapAt >= 0 && w >= gapAt && w < gapAt + fill ? 0 : groups[g++]!;
    out[off + 2 * w] = v >> 8;
    out[off + 2 * w + 1] = v & 0xff;
  }
  return true;
}

/** Text of an address given as bytes (4 or 16), IPv6 compressed per RFC 5952 (the wire package's). */
export function formatAddress(bytes: Uint8Array): string {
  return bytes.length === 4 ? ipv4FromBytes(bytes) : ipv6FromBytes(bytes);
}

/** Zero the bits past `prefixLength` (in place) and return the buffer. */
export function maskInPlace(bytes: Uint8Array, prefixLength: number): Uint8Array {
  for (let bit = prefixLength; bit < bytes.length * 8; bit++) bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return bytes;
}
