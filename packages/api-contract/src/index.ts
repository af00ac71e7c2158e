export { addressProblem, prefixProblem, subnetProblem } from "./addresses.js";
export { ERROR_CODES, type ErrorBody, type ErrorCode, errorBody } from "./errors.js";
export { dnsNameProblem, normalizeDnsName } from "./names.js";
export { DEFAULT_PAGE, MAX_PAGE, type Page, type PageQuery, page, pageQuery, toPage } from "./pagination.js";
export {
  cidrPrefix,
  clientSubnet,
  deviceName,
  dnsName,
  epochMs,
  ipAddress,
  ipv4Address,
  ipv6Address,
  providerName,
  queryInt,
} from "./primitives.js";
export * from "./resources/activity.js";
export * from "./resources/answers.js";
export * from "./resources/audit.js";
export * from "./resources/decisions.js";
export * from "./resources/explain.js";
export * from "./resources/health.js";
export * from "./resources/keys.js";
export * from "./resources/matrix.js";
export * from "./resources/measurements.js";
export * from "./resources/policy.js";
export * from "./resources/providers.js";
export * from "./resources/sources.js";
export * from "./resources/steered-names.js";
export * from "./resources/tsig-keys.js";
export * from "./resources/zones.js";
export { type Method, type RouteId, type RouteSpec, routes, type Scope } from "./routes.js";
