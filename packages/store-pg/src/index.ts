export { PgBackend, type PgBackendOptions } from "./backend.js";
export { DEFAULT_TIMEOUTS, type PgTimeouts } from "./db.js";
export { AdvisoryLockElection, leaderLockKey } from "./leader.js";
export { migratePg } from "./migrate.js";
export { PG_MIGRATIONS, type PgMigration } from "./migrations/index.js";
export { openStoreBackend, type StoreSpec } from "./open.js";
export { ListenMapWatch } from "./watch.js";
