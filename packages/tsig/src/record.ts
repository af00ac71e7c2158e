import { MessageReader, type Name } from "@dnsteer/wire";
import { TsigError } from "./errors.js";

export const TSIG_TYPE = 250;
export const CLASS_ANY = 255;

/** TSIG RDATA fields (RFC 8945 4.2). */
export interface TsigRecord {
  keyName: Name;
  algorithm: Name;
  /** Seconds since the epoch (48 bits). */
  timeSigned: number;
  fudge: number;
  mac: Uint8Array;
  originalId: number;
  error: number;
  other: Uint8Array;
}

/** A message's TSIG: the record, and where it starts (the signed part is everything before). */
export interface FoundTsig {
  record: TsigRecord;
  start: number;
}

/**
 * The TSIG record of a message, if it has one. It must be the last record of the additional
 * section (RFC 8945 5.1): one anywhere else, or a second one, is MALFORMED (the caller answers
 * FORMERR). Reads the whole message bounds-checked; never follows a forward pointer.
 */
export function findTsig(msg: Uint8Array): FoundTsig | undefined {
  if (msg.length < 12) return undefined;
  const r = new MessageReader(msg, 4);
  const qd = r.u16();
  const total = r.u16() + r.u16() + r.u16();
  for (let i = 0; i < qd; i++) {
    r.name();
    r.pos += 4;
  }
  let found: FoundTsig | undefined;
  for (let i = 0; i < total; i++) {
    const start = r.pos;
    r.name();
    const type = r.u16();
    const cls = r.u16();
    r.u32();
    const rdlen = r.u16();
    const end = r.pos + rdlen;
    if (type === TSIG_TYPE) {
      if (i !== total - 1) throw new TsigError("MALFORMED", "TSIG is not the last record of the message");
      if (cls !== CLASS_ANY) throw new TsigError("MALFORMED", "TSIG class is not ANY");
      const keyName = new MessageReader(msg, start).name();
      found = { record: readRdata(new MessageReader(msg, r.pos, end), keyName), start };
    }
    r.pos = end;
  }
  if (r.pos !== msg.length) throw new TsigError("MALFORMED", "data after the last record");
  return found;
}

function readRdata(r: MessageReader, keyName: Name): TsigRecord {
  try {
    const algorithm = r.name();
    const timeSigned = r.u16() * 2 ** 32 + r.u32();
    const fudge = r.u16();
    const mac = r.bytes(r.u16());
    const originalId = r.u16();
    const error = r.u16();
    const other = r.bytes(r.u16());
    if (r.remaining() !== 0) throw new TsigError("MALFORMED", "octets left over in TSIG RDATA");
    return { keyName, algorithm, timeSigned, fudge, mac, originalId, error, other };
  } catch (e) {
    if (e instanceof TsigError) throw e;
    throw new TsigError("MALFORMED", `TSIG RDATA: ${(e as Error).message}`);
  }
}
