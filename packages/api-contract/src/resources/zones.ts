import { z } from "zod";
import { page, pageQuery } from "../pagination.js";
import { dnsName, epochMs } from "../primitives.js";

/** A master file in a JSON body; the body limit bounds it (1 MiB by default). */
export const zoneText = z
  .string()
  .min(1)
  .max(16 * 1024 * 1024)
  .describe("RFC 1035 master file text");

export const zoneParams = z.object({ origin: dnsName });

/**
 * The responder's last reload of a zone (stored by the responder at each reload): when, whether
 * it took, the serial and record count served afterwards, why not (file:line), and whether the
 * data changed while the serial stayed the same (secondaries then never transfer the change).
 */
export const zoneLastReload = z.object({
  at: epochMs,
  ok: z.boolean(),
  serial: z.number().int().min(0).nullable(),
  recordCount: z.number().int().min(0).nullable(),
  dataChangedSerialKept: z.boolean(),
  error: z.object({ message: z.string(), file: z.string(), line: z.number().int().min(0) }).nullable(),
});
export type ZoneLastReload = z.infer<typeof zoneLastReload>;

export const zoneSummary = z.object({
  origin: z.string(),
  serial: z.number().int().min(0),
  /** The file the zone is served from (configured in zones[].file). */
  file: z.string(),
  rrsetCount: z.number().int().min(0),
  recordCount: z.number().int().min(0),
  loadedAt: epochMs,
  /** The responder's last reload of it; null when no responder has reloaded it yet (absent from other answers). */
  lastReload: zoneLastReload.nullable().optional(),
});
export type ZoneSummary = z.infer<typeof zoneSummary>;

export const zoneList = z.object({ zones: z.array(zoneSummary) });

export const zoneRecord = z.object({ name: z.string(), ttl: z.number().int(), type: z.string(), data: z.string() });
export type ZoneRecord = z.infer<typeof zoneRecord>;

export const zoneShowQuery = pageQuery;
export const zoneDetail = zoneSummary.extend({ records: page(zoneRecord) });
export type ZoneDetail = z.infer<typeof zoneDetail>;

/** Where a rejected zone is wrong: the zone parser's code and `file:line`. */
export const zoneProblem = z.object({ code: z.string(), file: z.string(), line: z.number().int().min(0), message: z.string() });
export type ZoneProblem = z.infer<typeof zoneProblem>;

/**
 * Check a zone without serving it: master file text for `origin` (its $INCLUDEs read from the
 * configured file's folder when the origin is configured, else from nowhere), or `file`, one of
 * the configured zone files, as it is on disk now.
 */
export const zoneValidateBody = z.union([
  z.object({ text: zoneText, origin: dnsName }).strict(),
  z.object({ file: z.string().min(1).max(4096) }).strict(),
]);
export type ZoneValidateBody = z.infer<typeof zoneValidateBody>;

export const zoneValidation = z.object({
  valid: z.boolean(),
  zone: z
    .object({
      origin: z.string(),
      serial: z.number().int().min(0),
      rrsetCount: z.number().int().min(0),
      recordCount: z.number().int().min(0),
    })
    .optional(),
  problem: zoneProblem.optional(),
});
export type ZoneValidation = z.infer<typeof zoneValidation>;

export const zoneReplaceBody = z.object({ text: zoneText }).strict();

/** One zone's reload: its new serial, or why it was refused (the old zone keeps serving). */
export const zoneReloadResult = z.object({
  origin: z.string(),
  reloaded: z.boolean(),
  serial: z.number().int().min(0),
  previousSerial: z.number().int().min(0).nullable(),
  problem: zoneProblem.optional(),
  /** Reloaded, and the data differs from what was served, but the SOA serial is the same (RFC 1996: secondaries will not transfer it). */
  dataChangedSerialKept: z.boolean().optional(),
});
export type ZoneReloadResult = z.infer<typeof zoneReloadResult>;

/**
 * What rereading the config file did at a reload: the keys that changed, those applied now
 * (each with the processes applying it: "zones: responder, api"), and per process the keys
 * that need its restart (their old value stays in force until then). `error`: the file no
 * longer loads (nothing changed).
 */
export const configReload = z.object({
  changed: z.array(z.string()),
  live: z.array(z.string()),
  restart: z.array(z.object({ process: z.enum(["responder", "worker", "api"]), keys: z.array(z.string()) })),
  error: z.string().optional(),
});
export type ConfigReload = z.infer<typeof configReload>;

export const zoneReloadAll = z.object({
  results: z.array(zoneReloadResult),
  failed: z.number().int().min(0),
  /** Present when the server rereads its config at a reload (`dnsteer api`, `dnsteer up`). */
  config: configReload.optional(),
});
