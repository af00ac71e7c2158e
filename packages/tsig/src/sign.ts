import { createHmac, timingSafeEqual } from "node:crypto";
import { nameToWire } from "@dnsteer/wire";
import { TSIG_ALGORITHMS, type TsigKey } from "./keys.js";
import { CLASS_ANY, TSIG_TYPE, type TsigRecord } from "./record.js";

/** TSIG error codes (RFC 8945 3, the TSIG RR's Error field); the header rcode is then NOTAUTH. */
export const TsigRcode = { NOERROR: 0, NOTAUTH: 9, BADSIG: 16, BADKEY: 17, BADTIME: 18, BADTRUNC: 22 } as const;

/** What a MAC covers besides the message (RFC 8945 4.3). */
export interface MacInput {
  /** The MAC of the request (for a response) or of the previous message (for the rest of a stream). */
  priorMac?: Uint8Array;
  /** Later messages of a multi-message answer cover only the time fields (RFC 8945 4.3.1, 5.3.1). */
  timersOnly?: boolean;
}

function u16(v: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(v);
  return b;
}

function time48(seconds: number): Buffer {
  const b = Buffer.allocUnsafe(6);
  b.writeUInt16BE(Math.floor(seconds / 2 ** 32) & 0xffff, 0);
  b.writeUInt32BE(seconds >>> 0, 2);
  return b;
}

/**
 * The MAC of `unsigned` (the message as it was before its TSIG was added: original ID, ARCOUNT
 * without the TSIG) and the TSIG variables of `record`.
 */
export function computeMac(key: TsigKey, unsigned: Uint8Array, record: Omit<TsigRecord, "mac" | "keyName">, input: MacInput = {}): Buffer {
  const h = createHmac(TSIG_ALGORITHMS[key.algorithm], key.secret);
  if (input.priorMac) h.update(u16(input.priorMac.length)).update(input.priorMac);
  h.update(unsigned);
  if (!input.timersOnly) {
    h.update(nameToWire(key.name)).update(u16(CLASS_ANY)).update(Buffer.alloc(4)).update(nameToWire(record.algorithm));
  }
  h.update(time48(record.timeSigned)).update(u16(record.fudge));
  if (!input.timersOnly) h.update(u16(record.error)).update(u16(record.other.length)).update(record.other);
  return h.digest();
}

export interface SignOptions extends MacInput {
  /** Seconds since the epoch. */
  now: number;
  fudge?: number;
  error?: number;
  other?: Uint8Array;
  /** Leave the MAC out (BADKEY/BADSIG answers are not signed: RFC 8945 5.3.2). */
  unsignedError?: boolean;
}

/** `msg` with a TSIG record appended (ARCOUNT + 1), and the MAC it carries. */
export function appendTsig(msg: Uint8Array, key: TsigKey, options: SignOptions): { message: Buffer; mac: Buffer } {
  const fields = {
    algorithm: `${key.algorithm}.`,
    timeSigned: options.now,
    fudge: options.fudge ?? 300,
    originalId: (msg[0]! << 8) | msg[1]!,
    error: options.error ?? 0,
    other: options.other ?? new Uint8Array(0),
  };
  const mac = options.unsignedError ? Buffer.alloc(0) : computeMac(key, msg, fields, options);
  const alg = nameToWire(fields.algorithm);
  const owner = nameToWire(key.name);
  const rdata = Buffer.concat([
    alg,
    time48(fields.timeSigned),
    u16(fields.fudge),
    u16(mac.length),
    mac,
    u16(fields.originalId),
    u16(fields.error),
    u16(fields.other.length),
    fields.other,
  ]);
  const rr = Buffer.concat([owner, u16(TSIG_TYPE), u16(CLASS_ANY), Buffer.alloc(4), u16(rdata.length), rdata]);
  const message = Buffer.concat([msg, rr]);
  message.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return { message, mac };
}

/** The message as its signer saw it: before the TSIG at `start`, original ID, ARCOUNT - 1. */
export function unsignedPart(msg: Uint8Array, start: number, originalId: number): Buffer {
  const out = Buffer.from(msg.subarray(0, start));
  out.writeUInt16BE(originalId, 0);
  out.writeUInt16BE(out.readUInt16BE(10) - 1, 10);
  return out;
}

/** Constant-time MAC comparison; a MAC shorter than the hash may be truncated (RFC 8945 5.2.2.1). */
export function macMatches(expected: Buffer, got: Uint8Array): boolean {
  const min = Math.max(10, expected.length / 2);
  if (got.length < min || got.length > expected.length) return false;
  return timingSafeEqual(expected.subarray(0, got.length), got);
}

/**
 * An error answer's TSIG for a request whose key or MAC failed (BADKEY, BADSIG: RFC 8945
 * 5.3.2): the request's key and algorithm names and time echoed, no MAC, the error set.
 */
export function appendUnsignedTsigError(msg: Uint8Array, request: TsigRecord, error: number): Buffer {
  const rdata = Buffer.concat([
    nameToWire(request.algorithm),
    time48(request.timeSigned),
    u16(request.fudge),
    u16(0),
    u16((msg[0]! << 8) | msg[1]!),
    u16(error),
    u16(0),
  ]);
  const rr = Buffer.concat([nameToWire(request.keyName), u16(TSIG_TYPE), u16(CLASS_ANY), Buffer.alloc(4), u16(rdata.length), rdata]);
  const message = Buffer.concat([msg, rr]);
  message.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return message;
}

/** Seconds as the 48-bit Other Data of a BADTIME answer (the server's clock, RFC 8945 5.2.3). */
export function timeOtherData(seconds: number): Buffer {
  return time48(seconds);
}
