import type { DecisionCause } from "./decision-types.js";

/** DecisionCause as small integers for Workspace.cause; CAUSES[code] names it. */
export const CAUSES: readonly DecisionCause[] = [
  "first",
  "best",
  "held",
  "switched",
  "failover",
  "capacity",
  "commit",
  "default",
  "all-down",
  "refined",
];
export const CAUSE_FIRST = 0;
export const CAUSE_BEST = 1;
export const CAUSE_HELD = 2;
export const CAUSE_SWITCHED = 3;
export const CAUSE_FAILOVER = 4;
export const CAUSE_CAPACITY = 5;
export const CAUSE_COMMIT = 6;
export const CAUSE_DEFAULT = 7;
export const CAUSE_ALL_DOWN = 8;
export const CAUSE_REFINED = 9;
