import { appendTsig, appendUnsignedTsigError, TsigError, TsigRcode, type TsigVerdict, timeOtherData, verifyTsig } from "@dnsteer/tsig";
import { encodeBareResponse, keyToName, Rcode, type RR, RRType } from "@dnsteer/wire";
import { allowedToTransfer, compareSerial, type TransferService } from "@dnsteer/xfr";
import type { Handler, Next, QueryContext, Reply } from "../../core/handler.js";
import { replyWithFollowing } from "../../core/message-stream.js";
import { clientSerial } from "./ixfr-serial.js";
import { axfrRecords, historyFrom, ixfrRecords, zoneSoa } from "./records.js";
import { type StreamSigning, transferMessages } from "./stream.js";

export type { TransferService } from "@dnsteer/xfr";

/**
 * Without transfers configured: AXFR/IXFR over UDP get NOTIMP (as Knot answers: a transfer
 * never fits UDP), over TCP REFUSED.
 */
export const xfr: Handler = (ctx, next) => {
  const { qtype } = ctx.query;
  if (qtype !== RRType.AXFR && qtype !== RRType.IXFR) return next(ctx);
  const rcode = ctx.transport === "udp" ? Rcode.NOTIMP : Rcode.REFUSED;
  return encodeBareResponse(ctx.msg, ctx.query.questionEnd, rcode, true, ctx.edns);
};

/** Outgoing AXFR (RFC 5936) and IXFR (RFC 1995) by each zone's policy, TSIG (RFC 8945) checked and signed. */
export function zoneTransfers(service: TransferService): Handler {
  return (ctx, next) => {
    const { qtype } = ctx.query;
    if (qtype === RRType.AXFR || qtype === RRType.IXFR) return transfer(service, ctx);
    // A secondary that signs its transfers signs its SOA checks too (BIND, NSD): answer those
    // signed. Only SOA queries with an additional record are looked at, so the hot path pays nothing.
    if (qtype === RRType.SOA && ctx.msg.readUInt16BE(10) > 0) return signedSoa(service, ctx, next);
    return next(ctx);
  };
}

/** An SOA query: unsigned passes on; signed is checked, answered by the chain, and the answer signed. */
function signedSoa(service: TransferService, ctx: QueryContext, next: Next): Reply {
  const now = Math.floor(Date.now() / 1000);
  let verdict: TsigVerdict;
  try {
    verdict = verifyTsig(ctx.msg, service.keys, now);
  } catch (e) {
    if (e instanceof TsigError) return encodeBareResponse(ctx.msg, ctx.query.questionEnd, Rcode.FORMERR, true, ctx.edns);
    throw e;
  }
  if (verdict.kind === "unsigned") return next(ctx);
  if (verdict.kind === "bad") return tsigErrorReply(ctx, verdict, now);
  const reply = next(ctx);
  return reply && appendTsig(reply, verdict.key, { now, priorMac: verdict.record.mac }).message;
}

function transfer(service: TransferService, ctx: QueryContext): Reply {
  const { query } = ctx;
  if (query.qtype === RRType.AXFR && ctx.transport === "udp")
    return encodeBareResponse(ctx.msg, query.questionEnd, Rcode.NOTIMP, true, ctx.edns);
  const now = Math.floor(Date.now() / 1000);
  let verdict: TsigVerdict;
  try {
    verdict = verifyTsig(ctx.msg, service.keys, now);
  } catch (e) {
    if (e instanceof TsigError) return encodeBareResponse(ctx.msg, query.questionEnd, Rcode.FORMERR, true, ctx.edns);
    throw e;
  }
  if (verdict.kind === "bad") return tsigErrorReply(ctx, verdict, now);
  const signing: StreamSigning | undefined = verdict.kind === "ok" ? { key: verdict.key, requestMac: verdict.record.mac, now } : undefined;

  const origin = keyToName(query.key);
  const zone = ctx.snapshot.zones.get(origin);
  const policy = service.policy(origin);
  const keyOk = !policy?.key || (verdict.kind === "ok" && verdict.key.name === policy.key.name);
  if (!zone || !policy || !keyOk || !allowedToTransfer(policy, ctx.remote.address)) return bare(ctx, Rcode.REFUSED, signing);

  let records: Iterable<RR>;
  if (query.qtype === RRType.IXFR) {
    const serial = clientSerial(ctx.msg, query, origin);
    if (serial === undefined) return bare(ctx, Rcode.FORMERR, signing);
    const soa = zoneSoa(zone);
    // Up to date, or over UDP (RFC 1995 2: the current SOA tells the client to come over TCP).
    if (compareSerial(serial, soa.data.serial) >= 0 || ctx.transport === "udp") records = [soa];
    else {
      const history = historyFrom(service.journal(origin), serial, soa.data.serial);
      records = history ? ixfrRecords(soa, history) : axfrRecords(zone); // no history: AXFR-style (RFC 1995 4)
    }
  } else records = axfrRecords(zone);
  const [first, ...rest] = transferMessages(ctx.msg, query, records, ctx.edns, signing);
  return replyWithFollowing(first!, rest);
}

/** A header+question answer, signed over the request's MAC when the request was signed. */
function bare(ctx: QueryContext, rcode: number, signing: StreamSigning | undefined): Buffer {
  const out = encodeBareResponse(ctx.msg, ctx.query.questionEnd, rcode, true, ctx.edns);
  return signing ? appendTsig(out, signing.key, { now: signing.now, priorMac: signing.requestMac }).message : out;
}

/** NOTAUTH with the TSIG error (RFC 8945 5.2): BADKEY/BADSIG unsigned, BADTIME signed with our clock. */
function tsigErrorReply(ctx: QueryContext, verdict: Extract<TsigVerdict, { kind: "bad" }>, now: number): Buffer {
  const out = encodeBareResponse(ctx.msg, ctx.query.questionEnd, TsigRcode.NOTAUTH, true, ctx.edns);
  if (verdict.error === TsigRcode.BADTIME && verdict.key) {
    return appendTsig(out, verdict.key, {
      now: verdict.record.timeSigned,
      fudge: verdict.record.fudge,
      priorMac: verdict.record.mac,
      error: TsigRcode.BADTIME,
      other: timeOtherData(now),
    }).message;
  }
  return appendUnsignedTsigError(out, verdict.record, verdict.error);
}
