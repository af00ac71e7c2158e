import { addressFamily, parseAddress } from "@dnsteer/net";
import type { FastifyInstance } from "fastify";
import { ApiError } from "./errors.js";

export interface ListenOptions {
  /** Default 127.0.0.1: the API is reachable from this host only unless configured otherwise. */
  host?: string;
  port?: number;
}

export const DEFAULT_API_HOST = "127.0.0.1";
export const DEFAULT_API_PORT = 8053;

/**
 * Listen, but refuse an address other hosts can reach while no API key exists: a fresh
 * install is never open to the network. Returns the address listened on.
 */
export async function listenApi(app: FastifyInstance, opts: ListenOptions = {}): Promise<string> {
  const host = opts.host ?? DEFAULT_API_HOST;
  await app.ready();
  if (!isLoopback(host) && app.store.admin.keys.countActive() === 0) {
    throw new ApiError("insecure_bind", `api: refusing to listen on ${host} without an API key (create one first, or listen on 127.0.0.1)`);
  }
  return app.listen({ host, port: opts.port ?? DEFAULT_API_PORT });
}

/** 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104, or "localhost". */
export function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (addressFamily(host) === 0) return false;
  const { family, bytes } = parseAddress(host);
  if (family === 4) return bytes[0] === 127;
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return bytes[12] === 127;
  return bytes.subarray(0, 15).every((b) => b === 0) && bytes[15] === 1;
}
