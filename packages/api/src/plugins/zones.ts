import { normalizeDnsName, routes, type ZoneLastReload, type ZoneSummary } from "@dnsteer/api-contract";
import { type Store, type ZoneReload, ZoneReloadRepo } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ApiError, badField, notFound } from "../errors.js";
import { routeOf } from "../http/route.js";
import { actorOf } from "./actor.js";

/**
 * Zones: list, show, validate, replace, reload. Replacing writes the zone's configured file
 * (so it survives a restart); a zone that does not parse is refused with file:line and the
 * served one stays. Every change and every reload is audited.
 */
export async function zonesPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { zones, store } = app;

  app.route({ ...routeOf(routes.listZones), handler: async () => ({ zones: withLastReload(store, zones.list()) }) });

  app.route({
    ...routeOf(routes.showZone),
    handler: async (req) => zones.show(req.params.origin, req.query) ?? throwNoZone(req.params.origin),
  });

  app.route({
    ...routeOf(routes.validateZone),
    handler: async (req) => zones.validate(req.body) ?? throwBad("body.file", "not one of the configured zone files (config zones[].file)"),
  });

  app.route({
    ...routeOf(routes.replaceZone),
    handler: async (req) => {
      const origin = req.params.origin;
      const before = zones.list().find((z) => z.origin === normalizeDnsName(origin));
      if (!before) throwNoZone(origin);
      const outcome = await zones.replace(origin, req.body.text);
      if (!outcome) throwNoZone(origin);
      if (!outcome.ok) {
        const p = outcome.problem;
        throw new ApiError("zone_rejected", `${p.file}:${p.line}: ${p.message}`, "body.text", { file: p.file, line: p.line });
      }
      // The file is already written: the audit entry records a change that happened.
      store.admin.change(actorOf(req), () => ({
        result: null,
        audit: { action: "zone.replace", target: outcome.zone.origin, before, after: outcome.zone },
      }));
      return outcome.zone;
    },
  });

  app.route({
    ...routeOf(routes.reloadZone),
    handler: async (req) => {
      const result = zones.reload(req.params.origin) ?? throwNoZone(req.params.origin);
      store.admin.change(actorOf(req), () => ({
        result: null,
        audit: { action: "zone.reload", target: result.origin, before: { serial: result.previousSerial }, after: result },
      }));
      if (result.problem) {
        const p = result.problem;
        throw new ApiError("zone_rejected", `${p.file}:${p.line}: ${p.message} (serial ${result.serial} keeps serving)`, undefined, {
          file: p.file,
          line: p.line,
        });
      }
      return result;
    },
  });

  app.route({
    ...routeOf(routes.reloadZones),
    handler: async (req, reply) => {
      // The config first: zones added to it are reloaded (loaded) below, removed ones are gone.
      const config = zones.reloadConfig?.();
      const results = zones.reloadAll();
      const failed = results.filter((r) => !r.reloaded).length;
      store.admin.change(actorOf(req), () => ({
        result: null,
        audit: { action: "zone.reload-all", target: "*", before: null, after: { results, failed, ...(config ? { config } : {}) } },
      }));
      return reply.code(failed ? 422 : 200).send({ results, failed, ...(config ? { config } : {}) });
    },
  });
}

/** Each zone with the responder's last reload of it (zone_reloads; schema 8). */
function withLastReload(store: Store, list: ZoneSummary[]): ZoneSummary[] {
  const byOrigin = new Map(lastReloads(store).map((r) => [r.origin, r]));
  return list.map((z) => {
    const r = byOrigin.get(z.origin);
    const lastReload: ZoneLastReload | null = r
      ? { at: r.at, ok: r.ok, serial: r.serial, recordCount: r.records, dataChangedSerialKept: r.dataChangedSerialKept, error: r.error }
      : null;
    return { ...z, lastReload };
  });
}

/** The stored results; none when the file has no zone_reloads (a file migrated past 8 before 8 existed, read-only). */
function lastReloads(store: Store): ZoneReload[] {
  try {
    return new ZoneReloadRepo(store.db).list();
  } catch (err) {
    if (String(err).includes("no such table")) return [];
    throw err;
  }
}

function throwNoZone(origin: string): never {
  throw notFound(`configured zone ${normalizeDnsName(origin)}`, "params.origin");
}

function throwBad(field: string, message: string): never {
  throw badField(field, `${field}: ${message}`);
}
