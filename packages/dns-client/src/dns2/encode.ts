import { RRType, WireError } from "@dnsteer/wire";
import { Packet, type Resource } from "dns2";
import { optRecordBytes } from "./opt-record.js";
import { checkReDecodes } from "./re-decode-guard.js";
import { recordForDns2 } from "./records-for-dns2.js";
import type { Dns2PacketInput, Dns2RecordInput } from "./types.js";

/**
 * Encode a message in dns2's packet shape with dns2, fixing what it gets wrong: TXT strings
 * over 255 octets are split (dns2 corrupts the message), types dns2 cannot encode are written
 * from `typed` rdata or raw bytes, and the OPT record is written by us with every option
 * (dns2 drops COOKIE, NSID...) and a correct ECS. The input is not modified (dns2's
 * `toBuffer` rewrites counts and header in place). The result must re-decode with our strict
 * decoder to the same records, or this throws `WireError` instead of returning it.
 */
export function encodeWithDns2(input: Dns2PacketInput): Buffer {
  const additionals = input.additionals ?? [];
  const opts = additionals.filter((r) => r.type === RRType.OPT);
  if (opts.length > 1) throw new WireError("BAD_RDATA", "more than one OPT record (RFC 6891 6.1.1)");
  const rcode = input.header.rcode ?? 0;
  if (rcode > 0xf && opts.length === 0) {
    throw new WireError("BAD_RDATA", `rcode ${rcode} needs an OPT record for its high bits; dns2 would send only the low 4`);
  }
  const packet = new Packet();
  packet.header = new Packet.Header({ ...input.header, rcode: rcode & 0xf });
  packet.questions = input.questions.map((q) => ({ name: q.name, type: q.type, class: q.class }) as Packet["questions"][number]);
  const forDns2 = (list: Dns2RecordInput[] | undefined) => (list ?? []).map(recordForDns2) as unknown as Resource[];
  packet.answers = forDns2(input.answers);
  packet.authorities = forDns2(input.authorities);
  packet.additionals = forDns2(additionals.filter((r) => r.type !== RRType.OPT));
  let out = packet.toBuffer();
  if (opts[0]) {
    out = Buffer.concat([out, optRecordBytes(opts[0], rcode)]);
    out.writeUInt16BE(out.readUInt16BE(10) + 1, 10);
  }
  checkReDecodes(out, input);
  return out;
}
