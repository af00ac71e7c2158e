import type { Config } from "@dnsteer/config";
import { explain, explainOn, type SteeringSetup } from "@dnsteer/control";
import { effectiveSteeredNames, type Store } from "@dnsteer/storage";
import type { Explainer } from "../deps.js";
import { onShared, type SharedBackend } from "../shared-writes.js";
import { providerViews } from "./providers.js";

/**
 * The default explainer: @dnsteer/control's `explain`, which builds the responder's decision map
 * and steering view from the store as `serve` does, here over the providers and steered names in
 * force (the config file's with the API's changes).
 */
export function storeExplainer(store: Store, config: Config): Explainer {
  return (q) => explain(store, setupOf(store, config), q);
}

/**
 * On PostgreSQL: the decisions and path stats the decider wrote to the shared database (not this
 * site's local copy, which can lag by a map version). The database unreachable: 503
 * `postgres_unreachable`.
 */
export function sharedExplainer(store: Store, shared: SharedBackend, config: Config): Explainer {
  return (q) => onShared(shared, (backend) => explainOn(backend, setupOf(store, config), q));
}

function setupOf(store: Store, config: Config): SteeringSetup {
  return {
    providers: providerViews(store, config),
    ...(config.steering
      ? { steering: { ...config.steering, names: effectiveSteeredNames(config.steering.names, store.admin.steeredNames.list()) } }
      : {}),
  };
}
