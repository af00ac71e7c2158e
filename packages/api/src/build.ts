import { type DashboardOptions, dashboardPlugin } from "@dnsteer/dashboard";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { requireKeys } from "./auth/authenticate.js";
import { FailedAuthLimiter } from "./auth/failure-limiter.js";
import type { ApiDeps } from "./deps.js";
import { docsPlugin } from "./docs.js";
import { installErrorHandlers } from "./http/error-handler.js";
import { activityPlugin } from "./plugins/activity.js";
import { answersPlugin } from "./plugins/answers.js";
import { auditPlugin } from "./plugins/audit.js";
import { decisionsPlugin } from "./plugins/decisions.js";
import { healthPlugin } from "./plugins/health.js";
import { keysPlugin } from "./plugins/keys.js";
import { matrixPlugin } from "./plugins/matrix.js";
import { measurementsPlugin } from "./plugins/measurements.js";
import { policyPlugin } from "./plugins/policy.js";
import { providersPlugin } from "./plugins/providers.js";
import { sourcesPlugin } from "./plugins/sources.js";
import { steeredNamesPlugin } from "./plugins/steered-names.js";
import { tsigKeysPlugin } from "./plugins/tsig-keys.js";
import { zonesPlugin } from "./plugins/zones.js";
import { ProbeScope } from "./probe-scope.js";
import { sharedExplainer, storeExplainer } from "./views/explain.js";

export interface ApiOptions {
  /** Largest request body in bytes (zone uploads are the large ones); default 1 MiB. */
  bodyLimitBytes?: number;
  /** Failed authentications from one address before it gets 429 for the rest of the window; default 10 per minute. */
  authFailures?: { max: number; windowMs: number };
  logger?: FastifyServerOptions["logger"];
  /**
   * The process's own (pino) logger for what the API must say: failed requests (error), a store
   * that cannot take writes (warn). Requests themselves are not logged.
   */
  loggerInstance?: FastifyServerOptions["loggerInstance"];
  /** The dashboard's static page (no key needed to load it; it asks for one); false: not served. Default: at /dashboard. */
  dashboard?: DashboardOptions | false;
}

export const RESOURCE_PLUGINS = [
  zonesPlugin,
  steeredNamesPlugin,
  providersPlugin,
  policyPlugin,
  sourcesPlugin,
  measurementsPlugin,
  decisionsPlugin,
  auditPlugin,
  keysPlugin,
  tsigKeysPlugin,
  healthPlugin,
  matrixPlugin,
  activityPlugin,
  answersPlugin,
];

/**
 * The admin API as a fastify instance (not listening: see `listenApi`, or use `inject`).
 * Dependencies become decorators; every route comes from @dnsteer/api-contract, with its
 * body, query and params validated by zod before the handler runs.
 */
export function buildApi(deps: ApiDeps, options: ApiOptions = {}): FastifyInstance {
  // maxParamLength: a DNS name in the path may be 253 octets (fastify's default allows 100).
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    routerOptions: { maxParamLength: 1100 },
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance, disableRequestLogging: true }
      : { logger: options.logger ?? false }),
    trustProxy: false,
  });
  // JSON only: fastify's default text/plain parser would hand a string to the body schemas.
  app.removeContentTypeParser("text/plain");
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorate("store", deps.store);
  app.decorate("zones", deps.zones);
  app.decorate("dnsteerConfig", deps.config);
  app.decorate("clock", deps.clock);
  app.decorate("startedAt", deps.clock.now());
  app.decorate("probeScope", new ProbeScope(deps.config));
  app.decorate("shared", deps.shared);
  app.decorate(
    "explainer",
    deps.explain ?? (deps.shared ? sharedExplainer(deps.store, deps.shared, deps.config) : storeExplainer(deps.store, deps.config)),
  );
  app.decorateRequest("actor", null);
  installErrorHandlers(app);

  app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "dnsteer admin API", version: "1" },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "an API key: dnsteer_<id>_<secret>" } } },
    },
    transform: jsonSchemaTransform,
  });
  app.register(docsPlugin);
  if (options.dashboard !== false) app.register(dashboardPlugin, options.dashboard ?? {});

  const auth = options.authFailures ?? { max: 10, windowMs: 60_000 };
  const limiter = new FailedAuthLimiter(auth.max, auth.windowMs, deps.clock);
  app.register(async (api) => {
    requireKeys(api, limiter);
    for (const plugin of RESOURCE_PLUGINS) await api.register(plugin);
  });
  return app;
}
