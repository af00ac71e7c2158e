export * from "./types.js";
export { ZoneError, type ZoneErrorCode } from "./errors.js";
export { parseZone, loadZoneFile, type ParseZoneOptions } from "./parse.js";
export { ZoneSet } from "./zone-set.js";
