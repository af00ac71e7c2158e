import { decodeMessage, type Message, RRType, type TXTData, typeToString, WireError } from "@dnsteer/wire";
import { readEdns } from "./options.js";
import { recordSpans, SECTIONS } from "./record-spans.js";
import { txtStrings } from "./records-for-dns2.js";
import type { Dns2PacketInput } from "./types.js";

const fail = (why: string) => new WireError("BAD_RDATA", `dns2 encoded a message that does not match its input: ${why}`);

/**
 * Fail loudly rather than send a corrupt message: what dns2 wrote must decode with our strict
 * decoder and hold the same records (type by type), the same TXT text and the same EDNS
 * options — the places where dns2 was seen to drop or corrupt data without an error.
 */
export function checkReDecodes(out: Uint8Array, input: Dns2PacketInput): void {
  let msg: Message;
  try {
    msg = decodeMessage(out);
  } catch (e) {
    if (e instanceof WireError) throw fail(`${e.code}: ${e.message}`);
    throw e;
  }
  const spans = recordSpans(out);
  for (const section of SECTIONS) {
    const want = input[section] ?? [];
    const got = spans[section];
    if (got.length !== want.length) throw fail(`${section}: ${got.length} records, expected ${want.length}`);
    // The OPT goes last (written by us); compare the rest in order.
    const wantTypes = want.filter((r) => r.type !== RRType.OPT).map((r) => r.type);
    const gotTypes = got.filter((s) => s.type !== RRType.OPT).map((s) => s.type);
    if (wantTypes.join() !== gotTypes.join())
      throw fail(`${section}: types ${gotTypes.map(typeToString)}, expected ${wantTypes.map(typeToString)}`);
  }
  const txt = (d: Uint8Array[]) => Buffer.concat(d).toString("hex");
  const decoded = [...msg.answer, ...msg.authority, ...msg.additional];
  const given = SECTIONS.flatMap((s) => input[s] ?? []).filter((r) => r.type !== RRType.OPT);
  given.forEach((rec, i) => {
    if (rec.type === RRType.TXT && txt(txtStrings(rec)) !== txt((decoded[i]!.data as TXTData).strings)) {
      throw fail(`TXT record "${rec.name}" text changed`);
    }
  });
  const wantOpt = input.additionals?.find((r) => r.type === RRType.OPT);
  const gotOpt = spans.additionals.find((s) => s.type === RRType.OPT);
  if (wantOpt && gotOpt) {
    const codes = readEdns(gotOpt.class, gotOpt.ttl, gotOpt.rdata)
      .options.map((o) => o.code)
      .join();
    const expected = (wantOpt.rdata ?? []).map((o) => o.ednsCode).join();
    if (codes !== expected) throw fail(`EDNS options ${codes}, expected ${expected}`);
  }
}
