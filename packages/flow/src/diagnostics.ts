import { homeIn, probeStep, shardOf } from "./hash.js";
import { EMPTY, FIRST_LIVE_TAG, TOMBSTONE } from "./layout.js";
import { hashAt } from "./probe.js";
import type { FlowTable } from "./table.js";

/** Probes a successful lookup of the key in `slot` takes (1 = found at its home slot). */
export function probeLength(table: FlowTable, slot: number): number {
  const t = table.slotsForDiagnostics;
  const hash = hashAt(t, slot);
  const { shards, shardSize } = t;
  const base = shardOf(hash, shards) * shardSize;
  const step = probeStep(hash, shardSize);
  let pos = base + homeIn(hash, shards, shardSize);
  let probes = 1;
  while (pos !== slot) {
    pos += step;
    if (pos >= base + shardSize) pos -= shardSize;
    if (probes++ > shardSize) throw new Error(`slot ${slot} is not on its key's probe sequence`);
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

/**
 * Per shard, slot states counted afresh next to the table's own per-shard bookkeeping, and the
 * shard's invariants (tests): at least `emptyFloor` EMPTY slots, at most `liveCap` live ones.
 */
export function shardStates(
  table: FlowTable,
): { live: number; tombstones: number; empty: number; countedLive: number; countedTombstones: number }[] {
  const t = table.slotsForDiagnostics;
  const out = [];
  for (let shard = 0; shard < t.shards; shard++) {
    const counts = { live: 0, tombstones: 0, empty: 0, countedLive: t.live[shard]!, countedTombstones: t.tombs[shard]! };
    for (let slot = shard * t.shardSize; slot < (shard + 1) * t.shardSize; slot++) {
      const state = t.tags[slot]!;
      if (state >= FIRST_LIVE_TAG) counts.live++;
      else if (state === TOMBSTONE) counts.tombstones++;
      else if (state === EMPTY) counts.empty++;
    }
    out.push(counts);
  }
  return out;
}

/** Shard geometry and limits (tests): a key's shard and whether it is at its live cap. */
export function shardLimits(table: FlowTable): { emptyFloor: number; liveCap: number } {
  const t = table.slotsForDiagnostics;
  return { emptyFloor: t.emptyFloor, liveCap: t.liveCap };
}
