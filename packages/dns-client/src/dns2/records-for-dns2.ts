import { RRType, rdataToWire, type TXTData, WireError } from "@dnsteer/wire";
import { Packet } from "dns2";
import type { Dns2RecordInput } from "./types.js";

const SPF = 99;
type Codec = { encode?: unknown } | undefined;

/** Does dns2 have an rdata encoder for `type`? Mirrors dns2's own dispatch (Packet.Resource.encode). */
export function dns2CanEncode(type: number): boolean {
  const name = Packet.TYPE_NAME[type];
  const codec = name ? (Packet.Resource as unknown as Record<string, Codec>)[name] : undefined;
  return typeof codec?.encode === "function";
}

/** TXT character-strings as bytes, each cut into 255-octet pieces: dns2 writes the length mod 256. */
export function txtStrings(rec: Dns2RecordInput): Buffer[] {
  const given = rec.data ?? (rec.typed as TXTData | undefined)?.strings ?? [];
  const list: Array<string | Uint8Array> = Array.isArray(given) ? given : [given];
  const out: Buffer[] = [];
  for (const s of list) {
    const bytes = typeof s === "string" ? Buffer.from(s, "utf8") : Buffer.from(s);
    if (bytes.length === 0) out.push(bytes);
    for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255));
  }
  return out;
}

/**
 * The record as dns2's encoder must see it. dns2 writes RDATA it has no encoder for from a
 * Buffer `data` and writes nothing at all otherwise (a silent empty RDATA), so such types get
 * our codec's bytes from `typed`, or their raw `data` as a Buffer; neither is an error.
 */
export function recordForDns2(rec: Dns2RecordInput): Dns2RecordInput {
  if (rec.type === RRType.TXT || rec.type === SPF) return { ...rec, data: txtStrings(rec) };
  if (dns2CanEncode(rec.type)) return rec;
  if (rec.typed) return { ...rec, data: Buffer.from(rdataToWire(rec.type, rec.typed)) };
  if (rec.data instanceof Uint8Array) return { ...rec, data: Buffer.from(rec.data) };
  throw new WireError(
    "BAD_RDATA",
    `${Packet.typeName(rec.type)} record "${rec.name}": dns2 cannot encode this type; give \`typed\` rdata or raw \`data\` bytes`,
  );
}
