import { errorBody, type RouteSpec } from "@dnsteer/api-contract";
import type { FastifyRequest } from "fastify";
import { ApiError } from "../errors.js";

const ERRORS = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  413: errorBody,
  422: errorBody,
  429: errorBody,
};

/** A route without a body schema takes no body: a field sent to it would be silently ignored otherwise. */
async function refuseBody(req: FastifyRequest): Promise<void> {
  if (req.body !== undefined && req.body !== null) throw new ApiError("bad_request", "body: this route takes no body", "body");
}

/**
 * A contract route as fastify route options: its schemas (plus the error answers), its
 * OpenAPI tag, summary and security, and its scope for the auth hook. Spread into
 * `app.route({ ...routeOf(routes.x), handler })`; the handler's types follow from the schemas.
 */
export function routeOf<S extends RouteSpec>(spec: S) {
  const schema = {
    ...spec.schema,
    response: { ...ERRORS, ...spec.schema.response } as typeof ERRORS & S["schema"]["response"],
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.scope === "public" ? {} : { security: [{ apiKey: [] }] }),
  };
  return {
    method: spec.method,
    url: spec.url,
    config: { scope: spec.scope },
    schema: schema as Omit<S["schema"], "response"> & typeof schema,
    // After validation, so a bad path parameter is named first.
    ...("body" in spec.schema ? {} : { preHandler: refuseBody }),
  };
}
