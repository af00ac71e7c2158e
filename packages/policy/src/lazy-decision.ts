import { CAUSES } from "./causes.js";
import type { Decision, DecisionLevel, DecisionReason } from "./decision-types.js";
import type { HysteresisState, PolicyInput } from "./input-types.js";
import type { ProviderTable } from "./provider-table.js";
import { verdictsFor } from "./verdicts.js";
import { LEVEL_PREFIX, LEVEL_SOURCE, type Workspace } from "./workspace.js";

/** What a decision needs to explain itself later: the (no longer mutated) evaluation. */
export interface EvaluationContext {
  ws: Workspace;
  table: ProviderTable;
  input: PolicyInput;
}

/**
 * A decision whose reason is built on first read: 100k decisions × 8 verdicts would cost more
 * than the evaluation itself, and the responder's decision map never reads them. Private fields
 * keep the context out of equality and enumeration; toJSON serializes it as plain data.
 */
export class EvaluatedDecision implements Decision {
  readonly #context: EvaluationContext;
  readonly #index: number;
  #reason: DecisionReason | undefined;

  constructor(
    readonly source: string,
    readonly provider: string,
    readonly level: DecisionLevel,
    readonly prefixLength: number,
    readonly demandMbps: number,
    readonly state: HysteresisState,
    context: EvaluationContext,
    index: number,
  ) {
    this.#context = context;
    this.#index = index;
  }

  get reason(): DecisionReason {
    this.#reason ??= buildReason(this.#context, this.#index);
    return this.#reason;
  }

  toJSON(): Decision {
    const { source, provider, level, prefixLength, demandMbps, reason, state } = this;
    return { source, provider, level, prefixLength, demandMbps, reason, state };
  }
}

function buildReason({ ws, table, input }: EvaluationContext, s: number): DecisionReason {
  const source = input.sources[s]!;
  const level = ws.level[s]!;
  const aggregate = source.aggregate === undefined ? undefined : input.prefixMeasurements?.get(source.aggregate.key);
  const shown = level === LEVEL_SOURCE ? source.measurements : level === LEVEL_PREFIX ? aggregate : (source.measurements ?? aggregate);
  const previous = ws.previous[s]!;
  const left = ws.chosen[s] !== previous && previous >= 0 ? previous : ws.movedFrom[s]!;
  return {
    mode: input.config.mode,
    cause: CAUSES[ws.cause[s]!]!,
    from: left >= 0 ? table.names[left]! : null,
    providers: verdictsFor(ws, s, table, input.config, shown, source.previous),
  };
}
