export { ZoneError, type ZoneErrorCode } from "./errors.js";
export { DEFAULT_ZONE_LIMITS, type ZoneLimits } from "./limits.js";
export { type IncludeOptions, type LoadZoneOptions, loadZoneFile, type ParseZoneOptions, parseZone } from "./parse.js";
export { ZoneAssembler, type ZoneHeader, type ZonePart, zoneHeader, zoneParts } from "./transfer.js";
export * from "./types.js";
export { ZoneSet } from "./zone-set.js";
