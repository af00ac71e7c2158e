export { decodeWithDns2 } from "./dns2/decode.js";
export { encodeWithDns2 } from "./dns2/encode.js";
export { dns2ResponseTo } from "./dns2/response.js";
export type { Dns2OptRecord, Dns2PacketInput } from "./dns2/types.js";
export { DnsClientError, type DnsClientErrorCode } from "./errors.js";
export { query } from "./query.js";
