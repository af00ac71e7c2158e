import type { Actor } from "@dnsteer/storage";
import type { FastifyRequest } from "fastify";
import { ApiError } from "../errors.js";

/** The authenticated key behind a change (the auth hook set it; public routes change nothing). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new ApiError("unauthorized", "this route needs an API key");
  return req.actor;
}
