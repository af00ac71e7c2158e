import type { DecisionMap } from "@dnsteer/steering";
import type { WorkerSteering } from "./worker-spec.js";

/**
 * The parts of the main thread's steering view a worker rebuilds its own from (the steer
 * plugin's SteeringView has them; described here by shape: only chain.ts and index.ts import
 * plugins).
 */
export interface SteeringViewShape {
  readonly names: ReadonlyMap<string, string>;
  readonly providers: ReadonlyArray<{ name: string; a: ReadonlyArray<{ address: string }>; aaaa: ReadonlyArray<{ address: string }> }>;
  readonly decisions: DecisionMap;
  readonly defaultProvider: number;
  readonly ttl: number;
}

/** The setup a worker builds the same view from: names, providers' answers, default, TTL. */
export function steeringSetupOf(view: SteeringViewShape): WorkerSteering {
  return {
    names: [...view.names.values()],
    providers: view.providers.map((p) => ({
      name: p.name,
      serviceA: p.a.map((a) => a.address),
      serviceAAAA: p.aaaa.map((a) => a.address),
    })),
    defaultProvider: view.defaultProvider >= 0 ? view.providers[view.defaultProvider]?.name : undefined,
    ttl: view.ttl,
  };
}
