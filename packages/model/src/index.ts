export {
  decisionCauseSchema, decisionLevelSchema, policyModeSchema, providerVerdictSchema, verdictKindSchema,
  type DecisionCause, type DecisionLevel, type PolicyMode, type ProviderVerdict, type VerdictKind,
} from "./verdict.js";
export {
  decisionBasisSchema, decisionReasonSchema, decisionSchema, hysteresisStateSchema, storedDecisionSchema,
  type Decision, type DecisionBasis, type DecisionReason, type DecisionRoute, type HysteresisState, type StoredDecision,
} from "./decision.js";
export { isProbeKind, PROBE_KINDS, probeKindSchema, type ProbeKind } from "./probe-kind.js";
