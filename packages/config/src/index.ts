export {
  apiSchema, metricsSchema, configSchema, listenSchema, measureSchema, policySchema, providerSchema, steeringSchema, zoneSchema,
  type Config, type MeasureConfig, type PolicySettings, type ProviderConfig, type SteeringConfig,
} from "./schema.js";
export { defaultConfig, fixturesDir } from "./defaults.js";
export { loadConfig } from "./load.js";
export { ConfigError, type ConfigErrorCode } from "./errors.js";
export { CONFIG_FILE_NAME, describeConfig, locateConfig, type LocatedConfig } from "./locate.js";
export { mergeOverDefaults, keyPath } from "./merge.js";
export { configReference } from "./doc.js";
