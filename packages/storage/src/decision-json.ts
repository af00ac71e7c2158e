import {
  type Decision,
  decisionLevelSchema,
  decisionReasonSchema,
  type HysteresisState,
  hysteresisStateSchema,
  type StoredDecision,
} from "@dnsteer/model";
import { z } from "zod";
import { StorageError } from "./errors.js";

/**
 * The `reason` column's JSON: a decision less its source and provider (they are columns), flat,
 * as rows have been written since issue 5 — and as SQL reads it (`json_extract(reason, '$.cause')`).
 * Built from @dnsteer/model's schemas, so a row read back is checked against the one definition.
 */
const reasonColumnSchema = decisionReasonSchema.extend({
  level: decisionLevelSchema,
  levelPrefixLength: z.number().int().min(0).max(128),
  demandMbps: z.number().min(0),
  state: hysteresisStateSchema,
});
type ReasonColumn = z.infer<typeof reasonColumnSchema>;

/**
 * The column's JSON for a decision, checked first: what is written must read back (NaN or
 * Infinity would turn into null). Reads `reason`, which a policy decision builds on first read.
 */
export function encodeReason(d: Decision): string {
  const { mode, cause, from, providers } = d.reason;
  const column: ReasonColumn = {
    level: d.level,
    levelPrefixLength: d.prefixLength,
    demandMbps: d.demandMbps,
    mode,
    cause,
    from,
    providers,
    state: d.state,
  };
  const checked = reasonColumnSchema.safeParse(column);
  if (!checked.success) throw new StorageError("BAD_INPUT", `decision ${d.source}: ${describeIssues(checked.error)}`);
  return JSON.stringify(column);
}

/** A row back as a decision, or why it cannot be one (unparsable JSON, a field missing or unknown). */
export function decodeDecision(source: string, provider: string, reason: string, decidedAt: number): StoredDecision | string {
  let json: unknown;
  try {
    json = JSON.parse(reason);
  } catch (err) {
    return `reason is not JSON (${err instanceof Error ? err.message : String(err)})`;
  }
  const parsed = reasonColumnSchema.safeParse(json);
  if (!parsed.success) return describeIssues(parsed.error);
  const { level, levelPrefixLength, demandMbps, mode, cause, from, providers, state } = parsed.data;
  return {
    source,
    provider,
    level,
    prefixLength: levelPrefixLength,
    demandMbps,
    reason: { mode, cause, from, providers },
    state,
    decidedAt,
  };
}

/** The state alone (`reason -> '$.state'`: JSON text; null when absent or the reason is no JSON), or why it is not one. */
export function decodeState(json: string | null): HysteresisState | string {
  if (json === null) return "state: missing (or the reason is not JSON)";
  const parsed = hysteresisStateSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : describeIssues(parsed.error, "state");
}

function describeIssues(error: z.ZodError, within?: string): string {
  return error.issues.map((i) => `${[within, ...i.path].filter((p) => p !== undefined).join(".") || "reason"}: ${i.message}`).join("; ");
}
