export { decodeWithDns2 } from "./decode.js";
export { encodeWithDns2 } from "./encode.js";
export { dns2ResponseTo, type Dns2ResponseEdns } from "./response.js";
export type { Dns2Message, Dns2Option, Dns2OptRecord, Dns2PacketInput, Dns2Record, Dns2RecordInput, RawOption } from "./types.js";
