export type { SharedAdminStore } from "./admin-backend.js";
export { checkProviderName, checkSteeredNameChange } from "./admin-checks.js";
export type {
  DecisionChanges,
  DecisionMap,
  MapWatch,
  RetentionPolicy,
  RetentionResult,
  SiteSample,
  SiteSampleQuery,
  StoreBackend,
  WatchOptions,
} from "./backend.js";
export { canonicalAddress, checkPrefixLength, decodeDecision, decodeState, encodeReason } from "./codec.js";
export { DemandLedger, mergeDemand } from "./demand-ledger.js";
export type { LeaderElection, LeaderFence, LeaderOptions } from "./leader.js";
export { type CachedMap, MapCacheFile } from "./map-cache.js";
export { DecisionMapFollower, type MapFollowerOptions, type MapRead } from "./map-follower.js";
export {
  type MergedProbeRequest,
  mergeProbeRequestAnswers,
  type ProbeRequestAnswer,
  probedThrough,
} from "./probe-request-merge.js";
export { ProcessLeaderElection } from "./process-leader.js";
export { SampleOutbox } from "./sample-outbox.js";
export { SqliteBackend, type SqliteBackendOptions } from "./sqlite-backend.js";
export { MapStaleness } from "./staleness.js";
