export { evaluate } from "./evaluate.js";
export { DEFAULT_POLICY_CONFIG, policyConfig, validateConfig, type PolicyConfig, type PolicyMode } from "./config.js";
export { PolicyError, type PolicyErrorCode } from "./errors.js";
export type {
  CostModel, HysteresisState, MeasurementsByProvider, PathMeasurement, PolicyInput, ProviderSpec, SourceInput,
} from "./input-types.js";
export type {
  Decision, DecisionCause, DecisionLevel, DecisionReason, PolicyResult, ProviderLoad, ProviderVerdict, VerdictKind,
} from "./decision-types.js";
export { describeDecision, describeVerdict } from "./describe.js";
