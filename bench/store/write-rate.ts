import type { StoreBackend } from "@dnsteer/storage";
import { decisions, demand, probeRound } from "./workload.js";

export interface WriteRates {
  /** Samples (with their aggregates) per second, batches of `batch` sources × providers. */
  samplesPerSec: number;
  /** One responder's demand report of every source, sources per second. */
  demandPerSec: number;
  /** The decider writing a decision for every source, decisions per second. */
  decisionsPerSec: number;
  /** Reading the whole map back (a responder's reload), milliseconds. */
  mapReadMs: number;
}

/** Writes what one evaluation cycle at `sources` sources writes, timing each kind of write. */
export async function measureWrites(
  store: StoreBackend,
  sources: number,
  providerNames: readonly string[],
  batch: number,
): Promise<WriteRates> {
  const at = Date.now();
  let t = performance.now();
  await store.reportDemand("r1", demand(sources, at));
  const demandPerSec = sources / ((performance.now() - t) / 1000);

  let samples = 0;
  let spent = 0;
  for (let from = 0; from < sources; from += batch) {
    const round = probeRound(from, Math.min(batch, sources - from), providerNames, at);
    t = performance.now();
    samples += await store.recordSamples("site-a", round.samples, round.stats);
    spent += performance.now() - t;
  }
  const samplesPerSec = samples / (spent / 1000);

  t = performance.now();
  await store.writeDecisions(decisions(0, sources, providerNames, 0), at);
  const decisionsPerSec = sources / ((performance.now() - t) / 1000);

  t = performance.now();
  await store.readDecisionMap();
  const mapReadMs = performance.now() - t;
  return { samplesPerSec, demandPerSec, decisionsPerSec, mapReadMs };
}
