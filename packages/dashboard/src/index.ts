export { dashboardPlugin, DEFAULT_ASSETS_DIR, type DashboardOptions } from "./plugin.js";
export { DashboardError, type DashboardErrorCode } from "./errors.js";
