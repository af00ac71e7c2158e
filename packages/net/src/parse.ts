/**
 * Address text -> bytes, written into a caller's buffer: the query path parses every peer
 * address (Node hands `rinfo.address` over as a string), so these allocate nothing, create no
 * closures, and never slice or split. On `false` the bytes in `out` are unspecified.
 * `start`/`end` select a part of `text` (a token inside a longer string) without copying it.
 */

const groups = new Uint16Array(8); // parse scratch
const tail = new Uint8Array(4); // a dotted IPv4 tail of an IPv6 address

/** Dotted quad in text[start, end) into out[off .. off+4). No leading zeros: to some parsers they mean octal. */
export function parseIPv4Into(text: string, out: Uint8Array, off = 0, start = 0, end = text.length): boolean {
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || part === 3) return false;
      out[off + part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - 0x30);
      if (++digits > 3 || value > 255) return false;
    } else {
      return false;
    }
  }
  if (digits === 0 || part !== 3) return false;
  out[off + 3] = value;
  return true;
}

/**
 * IPv6 text in text[start, end) into out[off .. off+16): groups of 1-4 hex digits (either
 * case), at most one "::", an optional dotted IPv4 in the last 32 bits (RFC 4291 2.2). No
 * zone: see `parseScopedAddressInto` for what a socket reports.
 */
export function parseIPv6Into(text: string, out: Uint8Array, off = 0, start = 0, end = text.length): boolean {
  let n = 0; // groups read
  let gapAt = -1; // where "::" stands, in groups
  let i = start;
  if (i < end && text.charCodeAt(i) === 0x3a) {
    if (i + 1 >= end || text.charCodeAt(i + 1) !== 0x3a) return false;
    gapAt = 0;
    i += 2;
  }
  while (i < end) {
    if (n === 8) return false;
    const groupStart = i;
    let value = 0;
    for (; i < end; i++) {
      const d = hexValue(text.charCodeAt(i));
      if (d < 0) break;
      if (i - groupStart === 4) return false;
      value = value * 16 + d;
    }
    if (i < end && text.charCodeAt(i) === 0x2e) {
      if (n > 6 || !parseIPv4Into(text, tail, 0, groupStart, end)) return false;
      groups[n++] = (tail[0]! << 8) | tail[1]!;
      groups[n++] = (tail[2]! << 8) | tail[3]!;
      break;
    }
    if (i === groupStart) return false;
    groups[n++] = value;
    if (i === end) break;
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    if (i < end && text.charCodeAt(i) === 0x3a) {
      if (gapAt >= 0) return false;
      gapAt = n;
      i++;
    } else if (i === end) {
      return false;
    }
  }
  if (gapAt < 0 ? n !== 8 : n > 7) return false;
  const zeros = gapAt < 0 ? 0 : 8 - n;
  for (let w = 0, g = 0; w < 8; w++) {
    const v = w >= gapAt && w < gapAt + zeros ? 0 : groups[g++]!;
    out[off + 2 * w] = v >> 8;
    out[off + 2 * w + 1] = v & 0xff;
  }
  return true;
}

/** Either family: 4 (4 octets written at `off`), 6 (16 octets), or 0 for anything else. */
export function parseAddressInto(text: string, out: Uint8Array, off = 0): 0 | 4 | 6 {
  if (parseIPv4Into(text, out, off)) return 4;
  return parseIPv6Into(text, out, off) ? 6 : 0;
}

/**
 * The same for an address as a socket reports it (`rinfo.address`, `socket.remoteAddress`): an
 * IPv6 address may carry a zone ("fe80::1%eth0", RFC 4007 11), which is dropped.
 */
export function parseScopedAddressInto(text: string, out: Uint8Array, off = 0): 0 | 4 | 6 {
  if (parseIPv4Into(text, out, off)) return 4;
  const zone = text.indexOf("%");
  if (zone < 0) return parseIPv6Into(text, out, off) ? 6 : 0;
  if (zone === text.length - 1) return 0; // an empty zone
  return parseIPv6Into(text, out, off, 0, zone) ? 6 : 0;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x57;
  return -1;
}
