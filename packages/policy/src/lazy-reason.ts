import type { PolicyConfig, PolicyMode } from "./config.js";
import type { DecisionCause, DecisionReason, ProviderVerdict } from "./decision-types.js";
import type { HysteresisState, MeasurementsByProvider } from "./input-types.js";
import type { ProviderTable } from "./provider-table.js";
import { verdictsFor } from "./verdicts.js";
import type { Workspace } from "./workspace.js";

/**
 * A decision's reason whose per-provider verdicts are built on first read: 100k decisions ×
 * 8 verdict objects would cost more than the evaluation itself, and most consumers (the
 * responder's decision map) never look at them. toJSON makes it serialize like a plain object.
 */
export class LazyReason implements DecisionReason {
  #verdicts: ProviderVerdict[] | undefined;

  constructor(
    readonly mode: PolicyMode,
    readonly cause: DecisionCause,
    readonly from: string | null,
    private readonly source: { ws: Workspace; s: number; table: ProviderTable; config: PolicyConfig },
    private readonly shown: MeasurementsByProvider | undefined,
    private readonly previous: HysteresisState | undefined,
  ) {}

  get providers(): ProviderVerdict[] {
    if (this.#verdicts === undefined) {
      const { ws, s, table, config } = this.source;
      this.#verdicts = verdictsFor(ws, s, table, config, this.shown, this.previous);
    }
    return this.#verdicts;
  }

  toJSON(): DecisionReason {
    return { mode: this.mode, cause: this.cause, from: this.from, providers: this.providers };
  }
}
