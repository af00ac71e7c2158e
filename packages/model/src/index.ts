export {
  type Decision,
  type DecisionBasis,
  type DecisionReason,
  type DecisionRoute,
  decisionBasisSchema,
  decisionReasonSchema,
  decisionSchema,
  type HysteresisState,
  hysteresisStateSchema,
  type StoredDecision,
  storedDecisionSchema,
} from "./decision.js";
export { isProbeKind, PROBE_KINDS, type ProbeKind, probeKindSchema } from "./probe-kind.js";
export {
  type DecisionCause,
  type DecisionLevel,
  decisionCauseSchema,
  decisionLevelSchema,
  type PolicyMode,
  type ProviderVerdict,
  policyModeSchema,
  providerVerdictSchema,
  type VerdictKind,
  verdictKindSchema,
} from "./verdict.js";
