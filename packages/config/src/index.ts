export { configSchema, listenSchema, zoneSchema, type Config } from "./schema.js";
export { defaultConfig, fixturesDir } from "./defaults.js";
export { loadConfig } from "./load.js";
export { ConfigError, type ConfigErrorCode } from "./errors.js";
