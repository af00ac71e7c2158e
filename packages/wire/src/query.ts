import { Opcode, RRType } from "./constants.js";
import { decodeOptions, type Edns } from "./edns.js";
import { labelFromBytes, type Name, nameToWire, ROOT } from "./name.js";

/** A query that passed the strict pre-parse: header, one question, optional OPT. */
export interface Query {
  id: number;
  /** Raw 16-bit flags word as received. */
  flags: number;
  opcode: number;
  /** End of the question name in the message (the name is at 12..qnameEnd, uncompressed). */
  qnameEnd: number;
  /** End of the question section; bytes 12..questionEnd are echoed verbatim in responses. */
  questionEnd: number;
  qtype: number;
  qclass: number;
  /** Lowercased wire name as a latin1 string: a cheap Map key for pre-encoded answers. */
  key: string;
  edns?: Edns;
}

/** Why a query is not answered normally: the responder maps each to a reply or to silence. */
export type QueryProblem =
  | { kind: "drop"; reason: "SHORT" | "RESPONSE" }
  | { kind: "notimp"; id: number; opcode: number; questionEnd?: number; edns?: Edns }
  | { kind: "formerr"; id: number; opcode: number; flags: number; reason: string; questionEnd?: number; edns?: Edns };

const HEADER = 12;

/**
 * Strict pre-parse of a query (RFC 1035 4.1, RFC 6891, RFC 7871, RFC 7873, RFC 9619), done
 * before anything else reads the message: sizes, counts, labels and option lengths are checked,
 * so no later parser (ours or dns2) sees a malformed message. Never throws, never allocates
 * more than the key string and the OPT record's option list.
 */
export function parseQuery(msg: Uint8Array): Query | QueryProblem {
  const len = msg.length;
  if (len < HEADER) return { kind: "drop", reason: "SHORT" };
  const id = (msg[0]! << 8) | msg[1]!;
  const flags = (msg[2]! << 8) | msg[3]!;
  if (flags & 0x8000) return { kind: "drop", reason: "RESPONSE" };
  const opcode = (flags >> 11) & 0xf;
  const parsed = parseBody(msg, id, flags, opcode);
  if (opcode === Opcode.QUERY) return parsed;
  // An opcode we do not implement: NOTIMP, echoing the question and OPT when they parse.
  return "kind" in parsed
    ? { kind: "notimp", id, opcode }
    : { kind: "notimp", id, opcode, questionEnd: parsed.questionEnd, edns: parsed.edns };
}

/** Everything after the first four header octets, for any opcode. */
function parseBody(msg: Uint8Array, id: number, flags: number, opcode: number): Query | QueryProblem {
  const len = msg.length;
  const qdcount = (msg[4]! << 8) | msg[5]!;
  const ancount = (msg[6]! << 8) | msg[7]!;
  const nscount = (msg[8]! << 8) | msg[9]!;
  const arcount = (msg[10]! << 8) | msg[11]!;
  if (qdcount !== 1) return formerrOf(id, opcode, flags, qdcount === 0 ? "no question" : "more than one question");

  // Question name: labels only; a compression pointer here could only point into the header.
  let at = HEADER;
  let octets = 1;
  for (;;) {
    if (at >= len) return formerrOf(id, opcode, flags, "question name runs past the end");
    const l = msg[at]!;
    if (l === 0) break;
    if (l & 0xc0) return formerrOf(id, opcode, flags, l >= 0xc0 ? "compression pointer in question" : "reserved label type");
    octets += l + 1;
    if (octets > 255) return formerrOf(id, opcode, flags, "question name longer than 255 octets");
    at += l + 1;
  }
  const qnameEnd = at + 1;
  const questionEnd = qnameEnd + 4;
  if (questionEnd > len) return formerrOf(id, opcode, flags, "question cut off");
  const qtype = (msg[qnameEnd]! << 8) | msg[qnameEnd + 1]!;
  const qclass = (msg[qnameEnd + 2]! << 8) | msg[qnameEnd + 3]!;
  if (qtype === RRType.OPT) return formerrOf(id, opcode, flags, "OPT as question type", questionEnd);

  // Skip answer and authority records (legal in a query, unusual); find OPT in additional.
  at = questionEnd;
  let edns: Edns | undefined;
  for (let i = 0; i < ancount + nscount + arcount; i++) {
    const nameStart = at;
    const nameEnd = skipName(msg, at);
    if (nameEnd < 0) return formerrOf(id, opcode, flags, "bad record name", questionEnd);
    if (nameEnd + 10 > len) return formerrOf(id, opcode, flags, "record header cut off", questionEnd);
    const type = (msg[nameEnd]! << 8) | msg[nameEnd + 1]!;
    const rdlen = (msg[nameEnd + 8]! << 8) | msg[nameEnd + 9]!;
    const rdataStart = nameEnd + 10;
    if (rdataStart + rdlen > len) return formerrOf(id, opcode, flags, "record data overruns the message", questionEnd);
    if (type === RRType.OPT) {
      if (i < ancount + nscount) return formerrOf(id, opcode, flags, "OPT outside the additional section", questionEnd);
      if (edns) return formerrOf(id, opcode, flags, "more than one OPT record", questionEnd);
      if (nameEnd - nameStart !== 1) return formerrOf(id, opcode, flags, "OPT owner is not the root", questionEnd);
      const ttlHigh = (msg[nameEnd + 4]! << 8) | msg[nameEnd + 5]!;
      edns = {
        udpSize: Math.max(512, (msg[nameEnd + 2]! << 8) | msg[nameEnd + 3]!),
        extendedRcode: ttlHigh >> 8,
        version: ttlHigh & 0xff,
        dnssecOk: (msg[nameEnd + 6]! & 0x80) !== 0,
        options: [],
        nsidRequested: false,
      };
      const problem = decodeOptions(msg.subarray(rdataStart, rdataStart + rdlen), edns);
      if (problem) return formerrOf(id, opcode, flags, `EDNS option: ${problem}`, questionEnd, edns);
    }
    at = rdataStart + rdlen;
  }
  if (at !== len) return formerrOf(id, opcode, flags, "trailing data after the last record", questionEnd, edns);
  return { id, flags, opcode, qnameEnd, questionEnd, qtype, qclass, key: nameKey(msg, qnameEnd), edns };
}

/** A FORMERR problem. A top-level function, not a per-call closure: parsing runs per query. */
function formerrOf(id: number, opcode: number, flags: number, reason: string, questionEnd?: number, edns?: Edns): QueryProblem {
  return { kind: "formerr", id, opcode, flags, reason, questionEnd, edns };
}

/** End offset of a (possibly compressed) name, or -1 if malformed. Pointers are not followed. */
function skipName(msg: Uint8Array, at: number): number {
  let octets = 1;
  for (;;) {
    if (at >= msg.length) return -1;
    const l = msg[at]!;
    if (l === 0) return at + 1;
    if ((l & 0xc0) === 0xc0) {
      if (at + 1 >= msg.length) return -1;
      const target = ((l & 0x3f) << 8) | msg[at + 1]!;
      return target < at ? at + 2 : -1;
    }
    if (l & 0xc0) return -1;
    octets += l + 1;
    if (octets > 255) return -1;
    at += l + 1;
  }
}

/** Lowercase (ASCII only, as DNS compares names) wire name from 12 to qnameEnd, as latin1. */
function nameKey(msg: Uint8Array, qnameEnd: number): string {
  let upperOrHigh = false;
  for (let i = HEADER; i < qnameEnd; i++) {
    const c = msg[i]!;
    if ((c >= 0x41 && c <= 0x5a) || c >= 0x80) {
      upperOrHigh = true;
      break;
    }
  }
  // Fast path: most names are already lowercase ASCII. A Buffer decodes its own range without a view.
  const raw = Buffer.isBuffer(msg)
    ? msg.toString("latin1", HEADER, qnameEnd)
    : Buffer.from(msg.buffer, msg.byteOffset + HEADER, qnameEnd - HEADER).toString("latin1");
  if (!upperOrHigh) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    out += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 32 : c);
  }
  return out;
}

/** The `Query.key` a query for `name` gets (inverse of keyToName): lowercase wire form as latin1. */
export function nameToKey(name: Name): string {
  return Buffer.from(nameToWire(name)).toString("latin1");
}

/**
 * The canonical Name of a key from `Query.key` — label lengths are bytes in the key, so the
 * same walk as on the wire. Names never contain a byte the key would confuse.
 */
export function keyToName(key: string): Name {
  if (key === "\0") return ROOT;
  const labels: string[] = [];
  let at = 0;
  while (at < key.length) {
    const l = key.charCodeAt(at);
    if (l === 0) break;
    const bytes = new Uint8Array(l);
    for (let i = 0; i < l; i++) bytes[i] = key.charCodeAt(at + 1 + i);
    labels.push(labelFromBytes(bytes));
    at += l + 1;
  }
  return labels.join(".") + ".";
}
