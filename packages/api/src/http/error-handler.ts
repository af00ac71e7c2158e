import { LimitedLog } from "@dnsteer/log-limit";
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ApiError } from "../errors.js";
import { storeUnavailable } from "./store-unavailable.js";

const PART: Record<string, string> = { body: "body", querystring: "query", params: "params", headers: "headers" };

/**
 * Every error leaves as `{ error, message, field?, location? }`. A schema failure names the
 * first bad field as "<part>.<path>" ("body.commitMbps", "query.limit"); it happens before any
 * handler runs, so nothing is stored. Unexpected errors are logged and answered without detail.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  // A full disk fails every write: one warn line per cause a minute, then "N more suppressed".
  const storeFailures = new LimitedLog(app.log).start();
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issue = err.validation[0]!;
      const part = PART[err.validationContext ?? "body"] ?? "body";
      const keys = (issue.params as { keys?: string[] }).keys;
      const path = issue.instancePath.split("/").filter(Boolean);
      if (issue.keyword === "unrecognized_keys" && keys?.length) path.push(keys[0]!);
      const field = [part, ...path].join(".");
      const more = err.validation.length > 1 ? ` (and ${err.validation.length - 1} more)` : "";
      const what = issue.keyword === "unrecognized_keys" ? "unknown field" : issue.message;
      return reply.code(400).send(new ApiError("bad_request", `${field}: ${what}${more}`, field).body());
    }
    if (err instanceof ApiError) return reply.code(err.status).send(err.body());
    switch (err.code) {
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return reply
          .code(413)
          .send(new ApiError("payload_too_large", `the body is larger than ${app.initialConfig.bodyLimit} bytes`, "body").body());
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return reply.code(415).send(new ApiError("unsupported_media_type", "send application/json", "headers.content-type").body());
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(400).send(new ApiError("bad_request", err.message, "body").body());
    }
    const unavailable = storeUnavailable(err);
    if (unavailable) {
      storeFailures.warn(`store|${unavailable.code}`, { code: unavailable.code, url: req.url }, unavailable.message);
      return reply.code(503).send(new ApiError("not_ready", unavailable.message).body());
    }
    req.log.error({ err }, "request failed");
    return reply.code(500).send(new ApiError("internal", "internal error (logged)").body());
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(new ApiError("not_found", `no route ${req.method} ${req.url.split("?")[0]}`).body());
  });
}
