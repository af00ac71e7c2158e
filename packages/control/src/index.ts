export { type ControlOptions, type ControlOutcome, type DecisionPlan, decideOnce, decideOnceOn, planDecisions } from "./controller.js";
export { type ExplainQuery, type ExplainReads, type Explanation, explain, explainOn, type PathView } from "./explain.js";
export { measurement, measurementsByPrefix, type PolicyInputReads, providerSpec, readPolicyInput } from "./inputs.js";
export { type DecisionReads, snapshotReads, storeReads } from "./reads.js";
export { type SteeringSetup, steeringView } from "./steering-view.js";
