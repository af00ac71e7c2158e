export { Store, type StoreOptions, type Synchronous } from "./store.js";
export { StorageError, type StorageErrorCode } from "./errors.js";
export { MIGRATIONS, LATEST_VERSION, type Migration } from "./migrations/index.js";
export { migrate, userVersion } from "./migrate.js";
export { canonicalAddress } from "./address.js";
export type { SourceQuery } from "./sources.js";
export type { SampleQuery } from "./samples.js";
export type { PathStatQuery } from "./path-stats.js";
export type * from "./types.js";
