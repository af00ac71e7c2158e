export type { CheckOutcome } from "./check-once.js";
export { checkOnce } from "./check-once.js";
export { combinedHealth, SERVICE_CHECK_CAUSE } from "./combine.js";
export { DEFAULT_SERVICE_CHECK, parseServiceCheck, type ServiceCheckConfig, type ServiceCheckType } from "./config.js";
export { ServiceCheckLog } from "./listener.js";
export { RiseFall } from "./rise-fall.js";
export { type CheckedProvider, type ServiceCheckListener, ServiceChecks, type ServiceState } from "./service-checks.js";
