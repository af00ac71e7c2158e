export { DashboardError, type DashboardErrorCode } from "./errors.js";
export { type DashboardOptions, DEFAULT_ASSETS_DIR, dashboardPlugin } from "./plugin.js";
