import { prefixKey as keyOf } from "@dnsteer/net";
import type { MeasurementsByProvider, PathMeasurement, PolicyConfig, PolicyInput, ProviderSpec, SourceInput } from "@dnsteer/policy";
import type { DecisionState, PathStat, Provider, ProviderHealth, Source } from "@dnsteer/storage";

/**
 * What one evaluation reads, and nothing more: the synchronous SQLite `Store` satisfies it as it
 * is (with `storeReads` adding the stored policy), and so does a snapshot read from any
 * `StoreBackend` beforehand (`snapshotReads`), so the pure compute never waits on a database.
 */
export interface PolicyInputReads {
  listProviders(): Provider[];
  listProviderHealth(): ProviderHealth[];
  listPathStats(): PathStat[];
  listSources(q: { seenSince: number }): Source[];
  listDecisionStates(): DecisionState[];
}

export function providerSpec(p: Provider): ProviderSpec {
  return {
    name: p.name,
    enabled: p.enabled,
    drained: p.drained,
    cost: { pricePerMbps: p.pricePerMbps, commitMbps: p.commitMbps, priceAboveCommit: p.priceAboveCommit },
    ...(p.capacityMbps === null ? {} : { capacityMbps: p.capacityMbps }),
  };
}

/**
 * A path aggregate as the policy reads it: median RTT and loss over the window, and the window's
 * answered samples (oldest first, ms), on which the policy compares paths. The last
 * `downAfterLosses` probes all lost means the path is down now (loss 1), whatever older
 * samples say: failover must not wait for a whole window of losses.
 */
export function measurement(s: PathStat, downAfterLosses = 3): PathMeasurement {
  const rttUs = s.medianRttUs ?? s.ewmaRttUs;
  let trailingLosses = 0;
  for (let i = s.window.length - 1; i >= 0 && s.window[i] === null; i--) trailingLosses++;
  const down = trailingLosses >= Math.min(downAfterLosses, s.window.length) && trailingLosses > 0;
  const recentMs: number[] = [];
  for (const us of s.window) if (us !== null) recentMs.push(us / 1000);
  return {
    rttMs: rttUs === null ? Infinity : rttUs / 1000,
    loss: down ? 1 : s.lossRatio,
    jitterMs: s.jitterUs / 1000,
    samples: s.window.length,
    lastUpdate: s.updatedAt,
    recentMs,
  };
}

/** Every path aggregate in the store, grouped by "address/prefixLength" then provider. */
export function measurementsByPrefix(stats: readonly PathStat[], downAfterLosses = 3): Map<string, Record<string, PathMeasurement>> {
  const out = new Map<string, Record<string, PathMeasurement>>();
  for (const s of stats) {
    const key = keyOf(s.prefix, s.prefixLength);
    let byProvider = out.get(key);
    if (!byProvider) out.set(key, (byProvider = {}));
    byProvider[s.provider] = measurement(s, downAfterLosses);
  }
  return out;
}

/**
 * The policy's whole input, read from the store: providers, the sources the flow analyzer
 * wrote (seen since `seenSince`), their measurements and their aggregates', and the hysteresis
 * state each previous decision carried (`decisions`, read from the store unless the caller has them).
 */
export function readPolicyInput(
  store: PolicyInputReads,
  config: PolicyConfig,
  now: number,
  seenSince: number,
  downAfterLosses = 3,
  decisions: readonly DecisionState[] = store.listDecisionStates(),
): PolicyInput {
  // A provider the worker cannot send from (its source address or device gone) is down for
  // every path at once: the policy's ProviderSpec.down (treated like drained).
  const unhealthy = new Set(
    store
      .listProviderHealth()
      .filter((h) => !h.healthy)
      .map((h) => h.provider),
  );
  const providers = store.listProviders().map((p) => (unhealthy.has(p.name) ? { ...providerSpec(p), down: true } : providerSpec(p)));
  const byPrefix = measurementsByPrefix(store.listPathStats(), downAfterLosses);
  const previous = new Map(decisions.map((d) => [d.source, d.state]));
  const sources: SourceInput[] = store.listSources({ seenSince }).map((s) => {
    const key = keyOf(s.address, s.prefixLength);
    const aggregate =
      s.aggregateAddress !== null && s.aggregatePrefixLength !== null
        ? { key: keyOf(s.aggregateAddress, s.aggregatePrefixLength), prefixLength: s.aggregatePrefixLength }
        : undefined;
    const measurements: MeasurementsByProvider | undefined = byPrefix.get(key);
    return { key, prefixLength: s.prefixLength, demandRate: s.rate, measurements, aggregate, previous: previous.get(key) };
  });
  return { now, config, providers, sources, prefixMeasurements: byPrefix };
}
