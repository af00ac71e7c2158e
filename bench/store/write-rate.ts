import type { StoreBackend } from "@dnsteer/storage";
import { decisions, demand, probeRound } from "./workload.js";

export interface WriteRates {
  /** Samples (with their aggregates) per second, batches of `batch` sources × providers. */
  samplesPerSec: number;
  /** One responder's demand report of every source, sources per second. */
  demandPerSec: number;
  /** The decider writing a decision for every source, decisions per second. */
  decisionsPerSec: number;
  /** Reading the whole map back (a responder's reload), milliseconds: the median of three. */
  mapReadMs: number;
}

/**
 * Writes what one evaluation cycle at `sources` sources writes, timing each kind of write, into
 * every store: back to back per step (per batch for samples), so a machine whose load changes
 * during the run weighs on both alike.
 */
export async function measureWrites(
  stores: readonly StoreBackend[],
  sources: number,
  providerNames: readonly string[],
  batch: number,
): Promise<WriteRates[]> {
  const at = Date.now();
  const timed = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const report = demand(sources, at);
  const demandMs: number[] = [];
  for (const store of stores) demandMs.push(await timed(() => store.reportDemand("r1", report)));

  const samplesMs = stores.map(() => 0);
  let samples = 0;
  for (let from = 0; from < sources; from += batch) {
    const round = probeRound(from, Math.min(batch, sources - from), providerNames, at);
    samples += round.samples.length;
    for (const [i, store] of stores.entries())
      samplesMs[i]! += await timed(() => store.recordSamples("site-a", round.samples, round.stats));
  }

  const all = decisions(0, sources, providerNames, 0);
  const decisionsMs: number[] = [];
  for (const store of stores) decisionsMs.push(await timed(() => store.writeDecisions(all, at)));

  const readMs: number[][] = stores.map(() => []);
  for (let k = 0; k < 3; k++) for (const [i, store] of stores.entries()) readMs[i]!.push(await timed(() => store.readDecisionMap()));

  return stores.map((_, i) => ({
    samplesPerSec: samples / (samplesMs[i]! / 1000),
    demandPerSec: sources / (demandMs[i]! / 1000),
    decisionsPerSec: sources / (decisionsMs[i]! / 1000),
    mapReadMs: readMs[i]!.sort((a, b) => a - b)[1]!,
  }));
}
