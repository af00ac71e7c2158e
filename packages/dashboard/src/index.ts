export { dashboardPlugin, DEFAULT_ASSETS_DIR, type DashboardOptions } from "./plugin.js";
