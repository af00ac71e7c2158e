import { appendTsig, type TsigKey } from "@dnsteer/tsig";
import { Flag, MessageWriter, type Name, Opcode, type RR, RRClass, RRType, type SOAData, writeRRset } from "@dnsteer/wire";

/**
 * A NOTIFY (RFC 1996 3.7): opcode NOTIFY, AA, the zone's SOA as the question and its current
 * SOA in the answer (a hint of the new serial), TSIG-signed when a key is given.
 */
export function notifyMessage(
  id: number,
  origin: Name,
  soa: RR<SOAData>,
  key: TsigKey | undefined,
  nowSeconds: number,
): { message: Buffer; mac?: Buffer } {
  const w = new MessageWriter(512);
  w.u16(id);
  w.u16((Opcode.NOTIFY << 11) | Flag.AA);
  w.u16(1);
  w.u16(1);
  w.u16(0);
  w.u16(0);
  w.name(origin);
  w.u16(RRType.SOA);
  w.u16(RRClass.IN);
  writeRRset(w, { name: soa.name, type: soa.type, class: soa.class, ttl: soa.ttl, rdata: [soa.data] });
  const bare = Buffer.from(w.view());
  if (!key) return { message: bare };
  return appendTsig(bare, key, { now: nowSeconds });
}
