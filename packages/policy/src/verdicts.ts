import { CAUSE_COMMIT, CAUSE_HELD } from "./causes.js";
import type { PolicyConfig } from "./config.js";
import type { ProviderVerdict, VerdictKind } from "./decision-types.js";
import type { HysteresisState, MeasurementsByProvider } from "./input-types.js";
import { normalCdf } from "./normal.js";
import {
  STATUS_DISABLED,
  STATUS_DOWN,
  STATUS_DRAINED,
  STATUS_LOSSY,
  STATUS_PATH_DOWN,
  STATUS_TOO_SLOW,
  STATUS_UNKNOWN,
} from "./path-status.js";
import type { ProviderTable } from "./provider-table.js";
import type { Workspace } from "./workspace.js";

const STATUS_KINDS: Partial<Record<number, VerdictKind>> = {
  [STATUS_DISABLED]: "disabled",
  [STATUS_DRAINED]: "drained",
  [STATUS_DOWN]: "down",
  [STATUS_PATH_DOWN]: "path-down",
  [STATUS_UNKNOWN]: "unknown",
  [STATUS_LOSSY]: "lossy",
  [STATUS_TOO_SLOW]: "too-slow",
};

/** Every provider's figures for row `s` and why each one that was not chosen lost. */
export function verdictsFor(
  ws: Workspace,
  s: number,
  table: ProviderTable,
  config: PolicyConfig,
  shown: MeasurementsByProvider | undefined,
  previous: HysteresisState | undefined,
): ProviderVerdict[] {
  const out: ProviderVerdict[] = new Array(table.count);
  for (let q = 0; q < table.count; q++) {
    const path = shown?.[table.names[q]!];
    const effective = ws.effective[s * table.count + q]!;
    const verdict: ProviderVerdict = {
      provider: table.names[q]!,
      kind: "chosen",
      by: null,
      rttMs: rttShown(ws.rttLevel[s * table.count + q]!, path),
      loss: path?.loss ?? null,
      jitterMs: path?.jitterMs ?? null,
      samples: path?.samples ?? 0,
      effectiveMs: Number.isNaN(effective) ? null : effective,
      price: table.basePrice[q]!,
    };
    if (q !== ws.chosen[s]) whyLost(verdict, ws, s, q, table, config, previous);
    out[q] = verdict;
  }
  return out;
}

/** The level the policy ranked by; for a path it did not rank, the reported RTT (none when all was lost). */
function rttShown(level: number, path: MeasurementsByProvider[string]): number | null {
  if (!Number.isNaN(level)) return level;
  return path !== undefined && path.loss < 1 && Number.isFinite(path.rttMs) ? path.rttMs : null;
}

function whyLost(
  v: ProviderVerdict,
  ws: Workspace,
  s: number,
  q: number,
  table: ProviderTable,
  config: PolicyConfig,
  previous: HysteresisState | undefined,
): void {
  const row = s * table.count;
  const chosen = ws.chosen[s]!;
  const statusKind = STATUS_KINDS[ws.status[row + q]!];
  const gap = ws.effective[row + q]! - ws.effective[row + chosen]!;
  if (statusKind !== undefined) set(v, statusKind, null);
  else if (q === ws.movedFrom[s]) set(v, ws.cause[s] === CAUSE_COMMIT ? "over-commit" : "over-capacity", null);
  else if (q === ws.challenger[s] && ws.cause[s] === CAUSE_HELD) heldBack(v, ws.challengerCount[s]!, ws.challengerZ[s]!, config, previous);
  else if (config.mode === "latency-within-cost" && ws.effective[row + q]! > ws.toleranceLimit[s]!) {
    set(v, "outside-tolerance", ws.effective[row + q]! - ws.toleranceLimit[s]!);
  } else if (config.mode !== "latency" && table.basePrice[q]! > table.basePrice[chosen]!) {
    set(v, "pricier", table.basePrice[q]! - table.basePrice[chosen]!);
  } else if (!(gap < 0)) set(v, "slower", Number.isNaN(gap) ? null : gap);
  else set(v, "within-margin", -gap);
}

/** An unconfirmed challenger shows the confidence it reached; a confirmed one what it still waits for. */
function heldBack(v: ProviderVerdict, count: number, z: number, config: PolicyConfig, previous: HysteresisState | undefined): void {
  if (count === 0) set(v, "unconfirmed", Number.isNaN(z) ? null : normalCdf(z));
  else if (count < config.consecutive) set(v, "hysteresis", config.consecutive - count);
  else set(v, "hold-down", (previous?.since ?? 0) + config.holdDownMs);
}

function set(v: ProviderVerdict, kind: VerdictKind, by: number | null): void {
  v.kind = kind;
  v.by = by;
}
