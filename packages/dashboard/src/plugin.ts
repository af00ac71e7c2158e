import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";
import { type Asset, loadAssets } from "./assets.js";
import { DashboardError } from "./errors.js";

export interface DashboardOptions {
  /** Where the page is served; default "/dashboard". */
  prefix?: string;
  /** The folder of the static files; default this package's public/. */
  assetsDir?: string;
}

export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL("../public/", import.meta.url));

/**
 * The page holds no secret: the API key is typed into it and kept in the tab's sessionStorage.
 * Scripts, styles and API calls come from this origin only; nothing may frame the page.
 */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

function send(reply: FastifyReply, asset: Asset): FastifyReply {
  return reply.headers(SECURITY_HEADERS).type(asset.contentType).send(asset.body);
}

/**
 * Serves the dashboard's static files (public routes: no key; the page asks for one and calls
 * the API with it). Register outside the API's key check: `app.register(dashboardPlugin, opts)`.
 */
export async function dashboardPlugin(app: FastifyInstance, options: DashboardOptions): Promise<void> {
  const prefix = (options.prefix ?? "/dashboard").replace(/\/$/, "");
  const assets = loadAssets(options.assetsDir ?? DEFAULT_ASSETS_DIR);
  const index = assets.get("index.html");
  if (index === undefined) throw new DashboardError("no_index", `dashboard: no index.html in ${options.assetsDir ?? DEFAULT_ASSETS_DIR}`);
  const publicRoute = { config: { scope: "public" as const }, schema: { hide: true } };

  app.get(prefix, publicRoute, async (_req, reply) => reply.redirect(`${prefix}/`));
  app.get(`${prefix}/`, publicRoute, async (_req, reply) => send(reply, index));
  app.get(`${prefix}/*`, publicRoute, async (req, reply) => {
    const path = (req.params as { "*": string })["*"];
    const asset = assets.get(path);
    if (asset === undefined) return reply.code(404).send({ error: "not_found", message: `no dashboard file ${JSON.stringify(path)}` });
    return send(reply, asset);
  });
}
