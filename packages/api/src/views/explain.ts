import type { Config } from "@dnsteer/config";
import { explain, type SteeringSetup } from "@dnsteer/control";
import { effectiveSteeredNames, type Store } from "@dnsteer/storage";
import type { Explainer } from "../deps.js";
import { providerViews } from "./providers.js";

/**
 * The default explainer: @dnsteer/control's `explain`, which builds the responder's decision map
 * and steering view from the store as `serve` does, here over the providers and steered names in
 * force (the config file's with the API's changes).
 */
export function storeExplainer(store: Store, config: Config): Explainer {
  return (q) => {
    const setup: SteeringSetup = {
      providers: providerViews(store, config),
      ...(config.steering
        ? { steering: { ...config.steering, names: effectiveSteeredNames(config.steering.names, store.admin.steeredNames.list()) } }
        : {}),
    };
    return explain(store, setup, q);
  };
}
