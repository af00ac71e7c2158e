import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../errors.js";
import type { FailedAuthLimiter } from "./failure-limiter.js";
import { tokenFrom, verifyToken } from "./tokens.js";

/**
 * onRequest, before the body is read: public routes pass; others need a key (read scope:
 * any key; admin scope: an admin key). Missing and bad keys count as failures of the peer
 * address; past the limit the address gets 429 until its window ends.
 */
export function requireKeys(app: FastifyInstance, limiter: FailedAuthLimiter): void {
  app.addHook("onRequest", async (req: FastifyRequest, reply: FastifyReply) => {
    const scope = req.routeOptions.config.scope ?? "admin";
    if (scope === "public") return;
    const wait = limiter.retryAfter(req.ip);
    if (wait > 0) {
      const body = new ApiError("too_many_requests", `too many failed authentications from ${req.ip}; retry in ${wait} s`).body();
      return reply.code(429).header("retry-after", String(wait)).send(body);
    }
    const token = tokenFrom(req.headers);
    if (!token) {
      limiter.fail(req.ip);
      throw new ApiError("unauthorized", "an API key is required: Authorization: Bearer <token>");
    }
    const key = verifyToken(app.store, token);
    if (!key) {
      limiter.fail(req.ip);
      throw new ApiError("unauthorized", "unknown or revoked API key");
    }
    if (scope === "admin" && key.scope !== "admin") {
      throw new ApiError("forbidden", `key ${key.id} (${key.name}) is read-only; this needs an admin key`);
    }
    req.actor = { keyId: key.id, keyName: key.name, remote: req.ip };
  });
}
