/**
 * The decision and its parts are defined once, in @dnsteer/model (storage reads them back with
 * its schema); the policy makes them and owns what they mean. `Decision.reason` of a decision
 * fresh from `evaluate` is built on first read from the evaluation's input: read or serialize
 * it before mutating that input.
 */
import type { Decision } from "@dnsteer/model";

export type {
  Decision,
  DecisionCause,
  DecisionLevel,
  DecisionReason,
  ProviderVerdict,
  VerdictKind,
} from "@dnsteer/model";

export interface ProviderLoad {
  provider: string;
  mbps: number;
  sources: number;
  capacityMbps: number;
  commitMbps: number;
}

export interface PolicyResult {
  decisions: Decision[];
  providerLoad: ProviderLoad[];
}
