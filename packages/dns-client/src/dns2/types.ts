import type { Edns, Name, RData } from "@dnsteer/wire";
import type { EcsOption, EdeOption, EdnsOption, Header, Packet, Question, Resource } from "dns2";

/** An EDNS option dns2 has no codec for (COOKIE, NSID, padding...), kept as bytes. */
export interface RawOption {
  ednsCode: number;
  data: Uint8Array;
}

/** The options an OPT record carries here: dns2's ECS and EDE shapes, everything else raw. */
export type Dns2Option = EcsOption | EdeOption | RawOption;

/** A dns2 resource record plus what our codec decoded from the same bytes. */
export interface Dns2Record extends Resource {
  /** Owner in our canonical form: dns2's `name` cannot tell a dot inside a label from a separator. */
  owner: Name;
  /**
   * RDATA as our codec reads it: typed for every type we have a codec for (DNAME, SVCB, HTTPS,
   * NAPTR, HINFO... which dns2 leaves as raw `data`), RFC 3597 bytes for the rest.
   */
  typed: RData;
}

/** dns2's OPT record, with every option the message carried (dns2 keeps only ECS and EDE). */
export interface Dns2OptRecord extends Resource {
  type: 41;
  rdata: Dns2Option[];
}

/** What `decodeWithDns2` returns: dns2's Packet (a real instance), repaired and annotated. */
export interface Dns2Message extends Packet {
  header: Header;
  questions: Question[];
  answers: Dns2Record[];
  authorities: Dns2Record[];
  additionals: Array<Dns2Record | Dns2OptRecord>;
  /** The OPT record as we read it (all options; ECS with the right family), if any. */
  edns?: Edns;
}

/** A record `encodeWithDns2` accepts: dns2's fields, or `typed` / raw `data` for types dns2 cannot encode. */
export interface Dns2RecordInput extends Omit<Resource, "toBuffer" | "rdata" | "data"> {
  /** TXT strings (any length: split here), or raw RDATA for a type dns2 cannot encode. */
  data?: string | Array<string | Uint8Array> | Uint8Array;
  typed?: RData;
  /** OPT options: dns2's ECS / EDE objects, or `{ ednsCode, data }` for any other option. */
  rdata?: Array<Dns2Option | EdnsOption>;
}

/** What `encodeWithDns2` accepts: dns2's packet shape (a Packet or a plain object). */
export interface Dns2PacketInput {
  header: Partial<Omit<Header, "toBuffer">>;
  questions: Array<Pick<Question, "name" | "type" | "class">>;
  answers?: Dns2RecordInput[];
  authorities?: Dns2RecordInput[];
  additionals?: Dns2RecordInput[];
}
