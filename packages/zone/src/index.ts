export * from "./types.js";
export { ZoneError, type ZoneErrorCode } from "./errors.js";
export { parseZone, loadZoneFile, type ParseZoneOptions, type LoadZoneOptions, type IncludeOptions } from "./parse.js";
export { DEFAULT_ZONE_LIMITS, type ZoneLimits } from "./limits.js";
export { ZoneSet } from "./zone-set.js";
export { zoneHeader, zoneParts, ZoneAssembler, type ZoneHeader, type ZonePart } from "./transfer.js";
