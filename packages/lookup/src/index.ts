export { MAX_CHAIN } from "./chase.js";
export { lookup, RCODE_YXDOMAIN } from "./lookup.js";
export type { LookupKind, LookupResult, ZoneFinder } from "./types.js";
