export { DEFAULT_POLICY_CONFIG, type PolicyConfig, type PolicyMode, policyConfig, validateConfig } from "./config.js";
export type {
  Decision,
  DecisionCause,
  DecisionLevel,
  DecisionReason,
  PolicyResult,
  ProviderLoad,
  ProviderVerdict,
  VerdictKind,
} from "./decision-types.js";
export { describeDecision, describeVerdict } from "./describe.js";
export { PolicyError, type PolicyErrorCode } from "./errors.js";
export { evaluate } from "./evaluate.js";
export type {
  CostModel,
  HysteresisState,
  MeasurementsByProvider,
  PathMeasurement,
  PolicyInput,
  ProviderSpec,
  SourceInput,
} from "./input-types.js";
export { effectivePolicy } from "./stored-policy.js";
