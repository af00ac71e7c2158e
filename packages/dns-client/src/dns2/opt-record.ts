import { MessageWriter, RRType, WireError } from "@dnsteer/wire";
import { optionData } from "./options.js";
import type { Dns2RecordInput } from "./types.js";

/** dns2's default requestor payload size (RFC 6891 6.2.5), used when the record gives none. */
const DEFAULT_UDP_SIZE = 4096;

/**
 * The OPT record, written by us: dns2's encoder drops every option but ECS and EDE (COOKIE,
 * NSID, padding...) and writes ECS with the wrong family for IPv6 and bits past the prefix.
 * A header rcode above 15 puts its high bits here (RFC 6891 6.1.3), as dns2 would.
 */
export function optRecordBytes(opt: Dns2RecordInput, rcode: number): Uint8Array {
  const ttl = opt.ttl ?? 0;
  const extendedRcode = rcode > 0xf ? rcode >>> 4 : (opt.extendedRcode ?? ttl >>> 24);
  const version = opt.version ?? (ttl >>> 16) & 0xff;
  const dnssecOk = opt.doFlag ?? (ttl & 0x8000) !== 0;
  if (extendedRcode > 0xff) throw new WireError("BAD_RDATA", `rcode ${rcode} does not fit 12 bits`);
  const w = new MessageWriter(64);
  w.u8(0); // the root owner
  w.u16(RRType.OPT);
  w.u16(opt.class || DEFAULT_UDP_SIZE);
  w.u8(extendedRcode);
  w.u8(version);
  w.u16(dnssecOk ? 0x8000 : 0);
  const lenAt = w.reserve16();
  for (const o of opt.rdata ?? []) {
    const data = optionData(o);
    w.u16(o.ednsCode);
    w.u16(data.length);
    w.bytes(data);
  }
  w.patch16(lenAt, w.pos - lenAt - 2);
  return Uint8Array.from(w.view());
}
