import { buildSteeringView, type SteeringView } from "@dnsteer/server";
import { DecisionMap } from "@dnsteer/steering";
import type { Store } from "@dnsteer/storage";

/** What `serve` steers with, as the config gives it: each provider's answers, the steering section. */
export interface SteeringSetup {
  providers: ReadonlyArray<{ name: string; serviceA: readonly string[]; serviceAAAA: readonly string[] }>;
  /** Absent: nothing is steered, every answer comes from the zones. */
  steering?: { names: ReadonlyArray<{ name: string }>; defaultProvider?: string; ttl: number };
}

/**
 * The decision map the responder serves: every stored decision's route, provider indexes in
 * `providers` order (the config's). The responder's refresh thread builds its maps with this,
 * and `explain` too, so the two cannot differ.
 */
export function readDecisionMap(store: Store, providers: readonly string[]): DecisionMap {
  return new DecisionMap(providers, store.listDecisionRoutes());
}

/** The responder's steering view for a setup and a decision map (`serve` builds each one it swaps in with this). */
export function steeringView(setup: Required<SteeringSetup>, decisions: DecisionMap): SteeringView {
  const { names, defaultProvider, ttl } = setup.steering;
  return buildSteeringView({ names: names.map((n) => n.name), providers: setup.providers, decisions, defaultProvider, ttl });
}
