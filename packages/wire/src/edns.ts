import { EdnsOption } from "./constants.js";

/** EDNS Client Subnet (RFC 7871), as validated from a query or to be written in a response. */
export interface ClientSubnet {
  family: 1 | 2;
  sourcePrefix: number;
  scopePrefix: number;
  /** Address octets, exactly ceil(sourcePrefix / 8) of them, bits past the prefix zero. */
  address: Uint8Array;
}

/** DNS COOKIE option (RFC 7873): 8-octet client cookie, optional 8..32-octet server cookie. */
export interface Cookie {
  client: Uint8Array;
  server?: Uint8Array;
}

/** The OPT pseudo-record of a message (RFC 6891). */
export interface Edns {
  udpSize: number;
  version: number;
  extendedRcode: number;
  dnssecOk: boolean;
  /** Every option as received, in order, including ones we do not understand. */
  options: Array<{ code: number; data: Uint8Array }>;
  clientSubnet?: ClientSubnet;
  cookie?: Cookie;
  nsidRequested: boolean;
}

/** An OPT record's fixed fields (RFC 6891 6.1.3: CLASS is the UDP size; TTL holds the extended RCODE, version and DO), before its options are read. */
export function ednsFromOptHeader(cls: number, ttl: number): Edns {
  return {
    udpSize: cls,
    extendedRcode: ttl >>> 24,
    version: (ttl >>> 16) & 0xff,
    dnssecOk: (ttl & 0x8000) !== 0,
    options: [],
    nsidRequested: false,
  };
}

export type EdnsOptionProblem = "ECS_FAMILY" | "ECS_PREFIX" | "ECS_ADDRESS" | "ECS_SCOPE" | "COOKIE_LENGTH" | "NSID_LENGTH";

/**
 * Validate an ECS option's data per RFC 7871 6 / 7.1.1; returns the subnet or a problem.
 * A query must carry scope 0; a response (`inResponse`) carries the scope it answers for.
 */
export function decodeClientSubnet(data: Uint8Array, inResponse = false): ClientSubnet | EdnsOptionProblem {
  if (data.length < 4) return "ECS_ADDRESS";
  const family = (data[0]! << 8) | data[1]!;
  const sourcePrefix = data[2]!;
  const scopePrefix = data[3]!;
  if (family !== 1 && family !== 2) return "ECS_FAMILY";
  const maxBits = family === 1 ? 32 : 128;
  if (sourcePrefix > maxBits) return "ECS_PREFIX";
  if (scopePrefix !== 0 && !(inResponse && scopePrefix <= maxBits)) return "ECS_SCOPE";
  const octets = Math.ceil(sourcePrefix / 8);
  if (data.length - 4 !== octets) return "ECS_ADDRESS";
  const address = data.subarray(4);
  const spare = octets * 8 - sourcePrefix;
  if (spare > 0 && (address[octets - 1]! & ((1 << spare) - 1)) !== 0) return "ECS_ADDRESS";
  return { family, sourcePrefix, scopePrefix, address };
}

export function encodeClientSubnet(ecs: ClientSubnet): Uint8Array {
  const octets = Math.ceil(ecs.sourcePrefix / 8);
  const out = new Uint8Array(4 + octets);
  out[1] = ecs.family;
  out[2] = ecs.sourcePrefix;
  out[3] = ecs.scopePrefix;
  out.set(ecs.address.subarray(0, octets), 4);
  return out;
}

/** Validate a COOKIE option's length per RFC 7873 5.2.2 (8, or 16 to 40 octets). */
export function decodeCookie(data: Uint8Array): Cookie | EdnsOptionProblem {
  if (data.length === 8) return { client: data };
  if (data.length < 16 || data.length > 40) return "COOKIE_LENGTH";
  return { client: data.subarray(0, 8), server: data.subarray(8) };
}

/**
 * Parse and validate the option list in OPT RDATA. Unknown options are kept (and never echoed:
 * the responder decides what to write). Returns a problem for a malformed list.
 */
export function decodeOptions(rdata: Uint8Array, into: Edns, inResponse = false): EdnsOptionProblem | "OPTION_OVERRUN" | undefined {
  let at = 0;
  while (at < rdata.length) {
    if (at + 4 > rdata.length) return "OPTION_OVERRUN";
    const code = (rdata[at]! << 8) | rdata[at + 1]!;
    const len = (rdata[at + 2]! << 8) | rdata[at + 3]!;
    if (at + 4 + len > rdata.length) return "OPTION_OVERRUN";
    const data = rdata.subarray(at + 4, at + 4 + len);
    into.options.push({ code, data });
    if (code === EdnsOption.ECS) {
      const ecs = decodeClientSubnet(data, inResponse);
      if (typeof ecs === "string") return ecs;
      into.clientSubnet = ecs;
    } else if (code === EdnsOption.COOKIE) {
      const cookie = decodeCookie(data);
      if (typeof cookie === "string") return cookie;
      into.cookie ??= cookie; // only the first COOKIE option counts (RFC 7873 5.2)
    } else if (code === EdnsOption.NSID) {
      // A query asks with an empty option (RFC 5001 2.1); a response carries the identifier.
      if (len !== 0 && !inResponse) return "NSID_LENGTH";
      into.nsidRequested = !inResponse;
    }
    at += 4 + len;
  }
  return undefined;
}

/** What a responder puts in its OPT record. */
export interface ResponseEdns {
  udpSize: number;
  extendedRcode: number;
  dnssecOk: boolean;
  nsid?: Uint8Array;
  clientSubnet?: ClientSubnet;
  /** Extended DNS Error (RFC 8914), e.g. 20 "Not Authoritative" on a REFUSED out-of-zone query. */
  extendedError?: { code: number; text?: string };
  /** COOKIE option data (RFC 7873): the client's cookie and ours, 16 to 40 octets. */
  cookie?: Uint8Array;
}

export function optRecordLength(e: ResponseEdns): number {
  let n = 11;
  if (e.nsid) n += 4 + e.nsid.length;
  if (e.extendedError) n += 4 + 2 + Buffer.byteLength(e.extendedError.text ?? "");
  if (e.clientSubnet) n += 4 + 4 + Math.ceil(e.clientSubnet.sourcePrefix / 8);
  if (e.cookie) n += 4 + e.cookie.length;
  return n;
}

/** Write an OPT record at `at`; returns the offset after it. `buf` must have room (optRecordLength). */
export function writeOptRecord(buf: Uint8Array, at: number, e: ResponseEdns): number {
  buf[at] = 0; // root owner
  buf[at + 1] = 0;
  buf[at + 2] = 41;
  buf[at + 3] = e.udpSize >> 8;
  buf[at + 4] = e.udpSize & 0xff;
  buf[at + 5] = e.extendedRcode;
  buf[at + 6] = 0; // version 0
  buf[at + 7] = e.dnssecOk ? 0x80 : 0;
  buf[at + 8] = 0;
  const lenAt = at + 9;
  let p = at + 11;
  if (e.nsid) p = writeOption(buf, p, EdnsOption.NSID, e.nsid);
  if (e.clientSubnet) p = writeOption(buf, p, EdnsOption.ECS, encodeClientSubnet(e.clientSubnet));
  if (e.cookie) p = writeOption(buf, p, EdnsOption.COOKIE, e.cookie);
  if (e.extendedError) {
    const text = Buffer.from(e.extendedError.text ?? "");
    const data = Buffer.alloc(2 + text.length);
    data.writeUInt16BE(e.extendedError.code, 0);
    text.copy(data, 2);
    p = writeOption(buf, p, EdnsOption.EDE, data);
  }
  const rdlen = p - at - 11;
  buf[lenAt] = rdlen >> 8;
  buf[lenAt + 1] = rdlen & 0xff;
  return p;
}

function writeOption(buf: Uint8Array, at: number, code: number, data: Uint8Array): number {
  buf[at] = code >> 8;
  buf[at + 1] = code & 0xff;
  buf[at + 2] = data.length >> 8;
  buf[at + 3] = data.length & 0xff;
  buf.set(data, at + 4);
  return at + 4 + data.length;
}
