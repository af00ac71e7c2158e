import { homeSlot, probeStep } from "./hash.js";
import { EMPTY, FIRST_LIVE_TAG, TOMBSTONE } from "./layout.js";
import { hashAt } from "./probe.js";
import type { FlowTable } from "./table.js";

/** Probes a successful lookup of the key in `slot` takes (1 = found at its home slot). */
export function probeLength(table: FlowTable, slot: number): number {
  const t = table.slotsForDiagnostics;
  const hash = hashAt(t, slot);
  const step = probeStep(hash, t.capacity);
  let pos = homeSlot(hash, t.capacity);
  let probes = 1;
  while (pos !== slot) {
    pos += step;
    if (pos >= t.capacity) pos -= t.capacity;
    probes++;
  }
  return probes;
}

/** Mean successful-lookup cost over the live entries: what Brent's placement minimises. */
export function meanProbeLength(table: FlowTable): number {
  let total = 0;
  let n = 0;
  for (const slot of table.liveSlots()) {
    total += probeLength(table, slot);
    n++;
  }
  return n === 0 ? 0 : total / n;
}

/** Slots by state, counted afresh (tests compare it with the table's own bookkeeping). */
export function countStates(table: FlowTable): { live: number; tombstones: number; empty: number } {
  const t = table.slotsForDiagnostics;
  const counts = { live: 0, tombstones: 0, empty: 0 };
  for (let slot = 0; slot < t.capacity; slot++) {
    const state = t.tags[slot]!;
    if (state >= FIRST_LIVE_TAG) counts.live++;
    else if (state === TOMBSTONE) counts.tombstones++;
    else if (state === EMPTY) counts.empty++;
  }
  return counts;
}

/** A slot's state: what a probe sees there. */
export function slotState(table: FlowTable, slot: number): "empty" | "tombstone" | "live" {
  const tag = table.slotsForDiagnostics.tags[slot]!;
  return tag >= FIRST_LIVE_TAG ? "live" : tag === TOMBSTONE ? "tombstone" : "empty";
}
