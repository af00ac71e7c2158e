import { codecFor, MessageReader, type Name, type Query, RRType, type SOAData } from "@dnsteer/wire";

/**
 * The serial an IXFR client holds: the SOA it puts in the authority section (RFC 1995 3), for
 * the zone asked about. Undefined when there is none or it is for another name (FORMERR).
 */
export function clientSerial(msg: Buffer, query: Query, origin: Name): number | undefined {
  try {
    const r = new MessageReader(msg, query.questionEnd);
    const answers = msg.readUInt16BE(6);
    const authority = msg.readUInt16BE(8);
    if (authority < 1) return undefined;
    for (let i = 0; i < answers; i++) {
      r.name();
      r.pos += 8;
      r.pos += r.u16();
    }
    const owner = r.name();
    const type = r.u16();
    r.pos += 6;
    const rdlen = r.u16();
    if (type !== RRType.SOA || owner !== origin) return undefined;
    return (codecFor(RRType.SOA).decode(new MessageReader(msg, r.pos, r.pos + rdlen), rdlen) as SOAData).serial;
  } catch {
    return undefined;
  }
}
