export { decideOnce, type ControlOptions, type ControlOutcome } from "./controller.js";
export { measurement, measurementsByPrefix, providerSpec, readPolicyInput } from "./inputs.js";
export { explain, type Explanation, type ExplainQuery, type PathView } from "./explain.js";
export { steeringView, type SteeringSetup } from "./steering-view.js";
