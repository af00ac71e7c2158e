import type { Scope } from "@dnsteer/api-contract";
import type { Config } from "@dnsteer/config";
import type { ExplainQuery, Explanation } from "@dnsteer/control";
import type { Actor, Store } from "@dnsteer/storage";
import type { ProbeScope } from "./probe-scope.js";
import type { SharedBackend } from "./shared-writes.js";
import type { ZonesService } from "./zones/service.js";

export interface Clock {
  now(): number;
}

/** The provider a source is answered with, and why (control's `explain`, or the live map's). */
export type Explainer = (q: ExplainQuery) => Explanation | Promise<Explanation>;

/** What the API works on; each becomes a fastify decorator of the same name. */
export interface ApiDeps {
  store: Store;
  zones: ZonesService;
  /** The loaded config file (read only: the API's changes go to the store or to zone files). */
  config: Config;
  clock: Clock;
  /**
   * Default: @dnsteer/control's explain over `store` (with `shared`: over the shared database's
   * decisions and path stats) with the providers and steered names in force.
   */
  explain?: Explainer;
  /**
   * `store.kind: "postgres"`: the database all sites share. Changes the decider and the other
   * sites depend on are written there first (then to `store`); see shared-writes.ts.
   */
  shared?: SharedBackend;
}

declare module "fastify" {
  interface FastifyInstance {
    store: Store;
    zones: ZonesService;
    dnsteerConfig: Config;
    clock: Clock;
    /** When buildApi ran (the clock's time), for /health's uptime. */
    startedAt: number;
    explainer: Explainer;
    /** The shared database (PostgreSQL), if the deployment has one. */
    shared: SharedBackend | undefined;
    probeScope: ProbeScope;
  }
  interface FastifyRequest {
    /** The key that authenticated this request (null on public routes). */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route; routes without one need an admin key. */
    scope?: Scope;
  }
}
