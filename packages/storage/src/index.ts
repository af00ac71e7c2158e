export { AdminStore } from "./admin-store.js";
export { type AnswerCountInput, AnswerCountRepo, type AnswerMinute, type AnswerRangeQuery, MINUTE_MS } from "./answer-counts.js";
export type { ApiKeyRecord, ApiKeyScope } from "./api-keys.js";
export type { Actor, AuditEntry, AuditInput, AuditQuery } from "./audit-log.js";
export * from "./backend/index.js";
export {
  DashboardReads,
  type DecisionBucket,
  type DecisionChunkRow,
  type PathChunkRow,
  type ProbeBucket,
  type SourceChunkRow,
} from "./dashboard-reads.js";
export type { DecisionPageQuery, DecisionSummary } from "./decision-page.js";
export type { DecisionState, RouteChanges } from "./decisions.js";
export { StorageError, type StorageErrorCode } from "./errors.js";
export type { PathStatPageQuery, SampleHistoryQuery } from "./measurement-pages.js";
export { migrate, userVersion } from "./migrate.js";
export { LATEST_VERSION, MIGRATIONS, type Migration } from "./migrations/index.js";
export type { PathStatQuery } from "./path-stats.js";
export type { StoredPolicy } from "./policy-settings.js";
export type { ProbeRequest, ProbeRequestResult, ProbeRequestStatus } from "./probe-requests.js";
export {
  applyProviderOverrides,
  type CompleteProvider,
  isComplete,
  PROVIDER_SETTING_KEYS,
  type ProviderOverride,
} from "./provider-overrides.js";
export type { SampleQuery } from "./samples.js";
export type { SourceQuery } from "./sources.js";
export { effectiveSteeredNames, normalName, type SteeredNameChange, type SteeredNameInForce } from "./steered-names.js";
export { Store, type StoreOptions, type Synchronous } from "./store.js";
export { type StoredTsigKey, type TsigAlgorithmName, TsigKeyRepo, tsigKeyName } from "./tsig-keys.js";
export type * from "./types.js";
export { type ZoneReload, ZoneReloadRepo } from "./zone-reloads.js";
