import type { Name } from "../name.js";
import type { MessageReader } from "../reader.js";
import type { MessageWriter } from "../writer.js";

/** A token of zone-file rdata: raw text with escapes still in it, and whether it was quoted. */
export interface RDataToken {
  text: string;
  quoted: boolean;
}

export interface AData {
  address: string;
}
export interface NameTargetData {
  target: Name;
} // NS, CNAME, DNAME, PTR
export interface SOAData {
  mname: Name;
  rname: Name;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}
export interface MXData {
  preference: number;
  exchange: Name;
}
export interface TXTData {
  strings: Uint8Array[];
} // each <= 255 octets (split on parse)
export interface SRVData {
  priority: number;
  weight: number;
  port: number;
  target: Name;
}
export interface CAAData {
  flags: number;
  tag: string;
  value: Uint8Array;
}
export interface NAPTRData {
  order: number;
  preference: number;
  flags: Uint8Array;
  services: Uint8Array;
  regexp: Uint8Array;
  replacement: Name;
}
export interface SVCBData {
  priority: number;
  target: Name;
  params: Array<[key: number, value: Uint8Array]>;
}
export interface HINFOData {
  cpu: Uint8Array;
  os: Uint8Array;
}
export interface UnknownData {
  raw: Uint8Array;
} // RFC 3597, any type without a codec

/** Parsed rdata; which shape depends on the RR type (see the interfaces above). */
export type RData =
  | AData
  | NameTargetData
  | SOAData
  | MXData
  | TXTData
  | SRVData
  | CAAData
  | NAPTRData
  | SVCBData
  | HINFOData
  | UnknownData;

/** One resource record. `name` is canonical (see name.ts). */
export interface RR<T extends RData = RData> {
  name: Name;
  type: number;
  class: number;
  ttl: number;
  data: T;
}

/**
 * Codec for one RR type's RDATA, in the dns-packet style: text (zone file) <-> data <-> wire.
 * `encode` writes RDATA only; the caller writes RDLENGTH around it.
 */
export interface RDataCodec<T extends RData = RData> {
  readonly type: number;
  fromText(tokens: readonly RDataToken[], origin: Name): T;
  toText(data: T): string;
  encode(data: T, w: MessageWriter): void;
  decode(r: MessageReader, length: number): T;
  /** Names whose A/AAAA go to the additional section (RFC 1034 3.6 / RFC 2782): NS, MX, SRV. */
  additionalNames?(data: T): Name[];
}
