import { buildSteeringView, type SteeringView } from "@dnsteer/server";
import type { DecisionMap } from "@dnsteer/steering";

/** What `serve` steers with, as the config gives it: each provider's answers, the steering section. */
export interface SteeringSetup {
  providers: ReadonlyArray<{ name: string; serviceA: readonly string[]; serviceAAAA: readonly string[] }>;
  /** Absent: nothing is steered, every answer comes from the zones. */
  steering?: { names: ReadonlyArray<{ name: string }>; defaultProvider?: string; ttl: number };
}

/** The responder's steering view for a setup and a decision map (`serve` builds each one it swaps in with this). */
export function steeringView(setup: Required<SteeringSetup>, decisions: DecisionMap): SteeringView {
  const { names, defaultProvider, ttl } = setup.steering;
  return buildSteeringView({ names: names.map((n) => n.name), providers: setup.providers, decisions, defaultProvider, ttl });
}
