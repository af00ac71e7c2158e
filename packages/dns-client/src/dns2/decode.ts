import { decodeMessage, type RR, RRType, WireError } from "@dnsteer/wire";
import { Packet, type Resource } from "dns2";
import { readEdns, toDns2Options } from "./options.js";
import { type RecordSpan, recordSpans, SECTIONS } from "./record-spans.js";
import type { Dns2Message, Dns2OptRecord, Dns2Record } from "./types.js";

/**
 * Decode any message with dns2, safely. Our bounds- and pointer-checked `decodeMessage` reads
 * it first and throws `WireError` on malformed input, so dns2 never sees a pointer chain (it
 * has no hop limit: 2.3 s for a 64 KB chain), bad counts or a cut-off message, and the caller
 * never gets dns2's partial packet. Then what dns2 gets wrong or leaves out is repaired from
 * our parse: the OPT record with every option and a correct ECS, typed rdata on every record.
 */
export function decodeWithDns2(buf: Uint8Array): Dns2Message {
  const ours = decodeMessage(buf);
  const spans = recordSpans(buf);
  const edns = optEdns(spans.additionals);
  const packet = Packet.parse(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)) as Dns2Message;
  const lost = packet.errors.find((e) => !e.recovered);
  if (lost) throw new WireError("BAD_RDATA", `dns2 stopped on a message our decoder accepts: ${lost.message}`);

  const ourRecords = { answers: ours.answer, authorities: ours.authority, additionals: ours.additional };
  for (const section of SECTIONS) {
    // dns2 drops a record whose rdata it cannot read (e.g. an ECS /56 at the end of a message)
    // and reports its index; put ours in its place so sections keep their wire order.
    const failed = new Set(packet.errors.filter((e) => e.section === section).map((e) => e.index));
    const parsed: Resource[] = packet[section];
    const mine = ourRecords[section];
    let fromDns2 = 0;
    let fromOurs = 0;
    packet[section] = spans[section].map((span, i) => {
      const theirs = failed.has(i) ? undefined : parsed[fromDns2++];
      if (span.type === RRType.OPT) return optRecord(span, edns!);
      return annotate(theirs, mine[fromOurs++]!, span);
    }) as Dns2Record[];
  }
  packet.errors = [];
  packet.header.rcode = ours.rcode;
  if (edns) packet.edns = edns;
  return packet;
}

function optEdns(additional: RecordSpan[]) {
  const opt = additional.find((s) => s.type === RRType.OPT);
  return opt && readEdns(opt.class, opt.ttl, opt.rdata);
}

/** dns2's record (or, where dns2 failed, one rebuilt with raw `data`) plus our owner and rdata. */
function annotate(theirs: Resource | undefined, rr: RR, span: RecordSpan): Dns2Record {
  const rec =
    theirs ??
    new Packet.Resource({
      name: rr.name === "." ? "" : rr.name.slice(0, -1),
      type: span.type,
      class: span.class,
      ttl: rr.ttl,
      data: Buffer.from(span.rdata),
    });
  return Object.assign(rec, { owner: rr.name, typed: rr.data });
}

/** dns2 keeps ECS and EDE only, reads an IPv6 ECS past its prefix, and drops the whole OPT if that overruns. */
function optRecord(span: RecordSpan, edns: NonNullable<Dns2Message["edns"]>): Dns2OptRecord {
  const rec = new Packet.Resource({ name: "", type: RRType.OPT, class: span.class, ttl: span.ttl });
  return Object.assign(rec, {
    type: RRType.OPT,
    extendedRcode: edns.extendedRcode,
    version: edns.version,
    doFlag: edns.dnssecOk,
    rdata: toDns2Options(edns),
  });
}
