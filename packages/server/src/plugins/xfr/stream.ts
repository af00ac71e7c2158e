import { appendTsig, type TsigKey } from "@dnsteer/tsig";
import {
  codecFor,
  Flag,
  keyToName,
  MessageWriter,
  optRecordLength,
  type Query,
  type ResponseEdns,
  type RR,
  WireError,
  writeOptRecord,
} from "@dnsteer/wire";

/** Room kept in each message for the TSIG record: owner and algorithm names, fields, a SHA-512 MAC. */
const TSIG_ROOM = 255 + 16 + 10 + 16 + 64 + 6;

/** How the messages of one transfer are signed: the request's MAC, then each message's MAC in turn. */
export interface StreamSigning {
  key: TsigKey;
  requestMac: Uint8Array;
  now: number;
}

/**
 * The records of a transfer cut into messages (RFC 5936 2.2): each at most 65535 octets with
 * room for OPT and TSIG, names compressed within each message, the question in the first only.
 * Every message is signed when the request was (RFC 8945 5.3.1: each over the previous MAC,
 * the later ones over the time fields only).
 */
export function transferMessages(
  msg: Buffer,
  query: Query,
  records: Iterable<RR>,
  edns: ResponseEdns | undefined,
  signing: StreamSigning | undefined,
): Buffer[] {
  const budget = 65535 - (edns ? optRecordLength(edns) : 0) - (signing ? TSIG_ROOM : 0);
  const done: Buffer[] = [];
  let w = startMessage(msg, query, true);
  let count = 0;
  for (const rr of records) {
    const mark = w.pos;
    if (writeRecord(w, rr) && w.pos <= budget) {
      count++;
      continue;
    }
    w.truncate(mark);
    if (count === 0) throw new WireError("NO_SPACE", `record ${rr.name} type ${rr.type} does not fit a message`);
    done.push(finishMessage(w, count, edns));
    w = startMessage(msg, query, false);
    count = 0;
    if (!writeRecord(w, rr) || w.pos > budget) throw new WireError("NO_SPACE", `record ${rr.name} type ${rr.type} does not fit a message`);
    count = 1;
  }
  done.push(finishMessage(w, count, edns));
  return signing ? signAll(done, signing) : done;
}

function startMessage(msg: Buffer, query: Query, withQuestion: boolean): MessageWriter {
  const w = new MessageWriter(4096);
  w.bytes(msg.subarray(0, withQuestion ? query.questionEnd : 12));
  if (withQuestion) w.addCompressionTarget(keyToName(query.key), 12);
  const flags = Flag.QR | Flag.AA | (query.flags & (0x7800 | Flag.RD | Flag.CD));
  w.buf.writeUInt16BE(flags, 2);
  w.buf.writeUInt16BE(withQuestion ? 1 : 0, 4);
  return w;
}

function finishMessage(w: MessageWriter, count: number, edns: ResponseEdns | undefined): Buffer {
  if (edns) {
    const at = w.pos;
    w.bytes(new Uint8Array(optRecordLength(edns)));
    writeOptRecord(w.buf, at, edns);
  }
  const out = Buffer.from(w.view());
  out.writeUInt16BE(count, 6);
  out.writeUInt16BE(0, 8);
  out.writeUInt16BE(edns ? 1 : 0, 10);
  return out;
}

/** One record; false when the message would pass 65535 octets. */
function writeRecord(w: MessageWriter, rr: RR): boolean {
  try {
    w.name(rr.name);
    w.u16(rr.type);
    w.u16(rr.class);
    w.u32(rr.ttl);
    const lenAt = w.reserve16();
    codecFor(rr.type).encode(rr.data, w);
    w.patch16(lenAt, w.pos - lenAt - 2);
    return true;
  } catch (e) {
    if (e instanceof WireError && e.code === "NO_SPACE") return false;
    throw e;
  }
}

function signAll(messages: Buffer[], signing: StreamSigning): Buffer[] {
  let prior: Uint8Array = signing.requestMac;
  return messages.map((m, i) => {
    const signed = appendTsig(m, signing.key, { now: signing.now, priorMac: prior, timersOnly: i > 0 });
    prior = signed.mac;
    return signed.message;
  });
}
