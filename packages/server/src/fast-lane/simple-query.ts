import { EdnsOption, RRType } from "@dnsteer/wire";

/**
 * The common query, read in place from a receive buffer into one reused object: standard
 * opcode, one question, no answer or authority records, at most an OPT record of version 0
 * whose options are only NSID (asked, empty), ECS (well formed) and one COOKIE (8, or 16 to
 * 40 octets). Anything else is not
 * "simple" and goes to the full responder, which also replies to every malformed query
 * (FORMERR, NOTIMP, BADVERS): so whatever this accepts, `parseQuery` accepts the same way.
 */
export class SimpleQuery {
  /** Offsets in the buffer read from. */
  start = 0;
  qnameEnd = 0;
  questionEnd = 0;
  qtype = 0;
  qclass = 0;
  hasOpt = false;
  /** The client's UDP payload size (at least 512), when it sent OPT. */
  udpSize = 512;
  dnssecOk = false;
  nsidRequested = false;
  /** ECS: address family (1 or 2; 0 = no option), source prefix, and the address octets' offset. */
  ecsFamily = 0;
  ecsSource = 0;
  ecsAddress = 0;
  /** The ECS address octets, zero-padded to 16 (for the flow tap's subnet key). */
  readonly ecsBytes = new Uint8Array(16);
  /** The COOKIE option's data: offset and length (0 = none). */
  cookieAt = 0;
  cookieLength = 0;
}

const HEADER = 12;

/** Reads msg = bytes[start, start + length) into `out`; false when the query is not simple. */
export function readSimpleQuery(bytes: Uint8Array, start: number, length: number, out: SimpleQuery): boolean {
  const end = start + length;
  if (length < HEADER + 5) return false;
  // QR = 0 and opcode QUERY; the other flag bits only matter as the template path echoes them.
  if ((bytes[start + 2]! & 0xf8) !== 0) return false;
  if (bytes[start + 4] !== 0 || bytes[start + 5] !== 1) return false; // QDCOUNT 1
  if (bytes[start + 6] !== 0 || bytes[start + 7] !== 0 || bytes[start + 8] !== 0 || bytes[start + 9] !== 0) return false;
  if (bytes[start + 10] !== 0) return false;
  const arcount = bytes[start + 11]!;
  if (arcount > 1) return false;

  let at = start + HEADER;
  let octets = 1;
  for (;;) {
    if (at >= end) return false;
    const l = bytes[at]!;
    if (l === 0) break;
    if (l > 63) return false;
    octets += l + 1;
    if (octets > 255) return false;
    at += l + 1;
  }
  const qnameEnd = at + 1;
  const questionEnd = qnameEnd + 4;
  if (questionEnd > end) return false;
  out.start = start;
  out.qnameEnd = qnameEnd;
  out.questionEnd = questionEnd;
  out.qtype = (bytes[qnameEnd]! << 8) | bytes[qnameEnd + 1]!;
  out.qclass = (bytes[qnameEnd + 2]! << 8) | bytes[qnameEnd + 3]!;
  if (out.qtype === RRType.OPT) return false;
  out.hasOpt = false;
  out.udpSize = 512;
  out.dnssecOk = false;
  out.nsidRequested = false;
  out.ecsFamily = 0;
  out.cookieLength = 0;
  if (arcount === 0) return questionEnd === end;
  return readOpt(bytes, questionEnd, end, out);
}

/** The one additional record at `at`, which must be an OPT of version 0 ending the message. */
function readOpt(bytes: Uint8Array, at: number, end: number, out: SimpleQuery): boolean {
  // Root owner (one zero octet), TYPE OPT, CLASS = payload size, TTL = ext-rcode, version, flags.
  if (at + 11 > end || bytes[at] !== 0 || bytes[at + 1] !== 0 || bytes[at + 2] !== RRType.OPT) return false;
  if (bytes[at + 6] !== 0) return false; // version: others are BADVERS's
  const rdlength = (bytes[at + 9]! << 8) | bytes[at + 10]!;
  const rdataEnd = at + 11 + rdlength;
  if (rdataEnd !== end) return false;
  out.hasOpt = true;
  out.udpSize = Math.max(512, (bytes[at + 3]! << 8) | bytes[at + 4]!);
  out.dnssecOk = (bytes[at + 7]! & 0x80) !== 0;
  for (let p = at + 11; p < rdataEnd; ) {
    if (p + 4 > rdataEnd) return false;
    const code = (bytes[p]! << 8) | bytes[p + 1]!;
    const len = (bytes[p + 2]! << 8) | bytes[p + 3]!;
    const data = p + 4;
    if (data + len > rdataEnd) return false;
    if (code === EdnsOption.NSID) {
      if (len !== 0) return false;
      out.nsidRequested = true;
    } else if (code === EdnsOption.ECS) {
      if (out.ecsFamily !== 0 || !readClientSubnet(bytes, data, len, out)) return false;
    } else if (code === EdnsOption.COOKIE) {
      // RFC 7873 5.2.2's lengths (others are FORMERR); a second COOKIE goes the full way.
      if (out.cookieLength !== 0 || !(len === 8 || (len >= 16 && len <= 40))) return false;
      out.cookieAt = data;
      out.cookieLength = len;
    } else {
      return false; // padding, anything else: the full path
    }
    p = data + len;
  }
  return true;
}

/** RFC 7871 6 as the pre-parse checks it (family, prefix, scope 0, exact octets, spare bits 0). */
function readClientSubnet(bytes: Uint8Array, at: number, len: number, out: SimpleQuery): boolean {
  if (len < 4) return false;
  const family = (bytes[at]! << 8) | bytes[at + 1]!;
  const source = bytes[at + 2]!;
  if (family !== 1 && family !== 2) return false;
  if (source > (family === 1 ? 32 : 128) || bytes[at + 3] !== 0) return false;
  const octets = (source + 7) >> 3;
  if (len - 4 !== octets) return false;
  const spare = octets * 8 - source;
  if (spare > 0 && (bytes[at + 4 + octets - 1]! & ((1 << spare) - 1)) !== 0) return false;
  out.ecsFamily = family;
  out.ecsSource = source;
  out.ecsAddress = at + 4;
  const ecsBytes = out.ecsBytes;
  for (let i = 0; i < 16; i++) ecsBytes[i] = i < octets ? bytes[at + 4 + i]! : 0;
  return true;
}
