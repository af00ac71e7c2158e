export { type ControlOptions, type ControlOutcome, decideOnce } from "./controller.js";
export { type ExplainQuery, type Explanation, explain, type PathView } from "./explain.js";
export { measurement, measurementsByPrefix, providerSpec, readPolicyInput } from "./inputs.js";
export { type SteeringSetup, steeringView } from "./steering-view.js";
