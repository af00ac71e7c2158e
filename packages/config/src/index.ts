export { defaultConfig, fixturesDir } from "./defaults.js";
export { configReference } from "./doc.js";
export { ConfigError, type ConfigErrorCode } from "./errors.js";
export { loadConfig } from "./load.js";
export { CONFIG_FILE_NAME, describeConfig, type LocatedConfig, locateConfig } from "./locate.js";
export { keyPath, mergeOverDefaults } from "./merge.js";
export {
  apiSchema,
  type Config,
  configSchema,
  listenSchema,
  type MeasureConfig,
  measureSchema,
  metricsSchema,
  type PolicySettings,
  type ProviderConfig,
  policySchema,
  providerSchema,
  type ServerConfig,
  type SteeringConfig,
  serverSchema,
  steeringSchema,
  zoneSchema,
} from "./schema.js";
export { ROLES, type Role, rolesSchema, type StoreConfig, storeSchema } from "./store.js";
