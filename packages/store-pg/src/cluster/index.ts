export { findPostgresBin, startThrowawayCluster, type ThrowawayCluster } from "./cluster.js";
