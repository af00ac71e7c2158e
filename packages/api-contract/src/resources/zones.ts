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

export const zoneSummary = z.object({
  origin: z.string(),
  serial: z.number().int().min(0),
  /** The file the zone is served from (configured in zones[].file). */
  file: z.string(),
  rrsetCount: z.number().int().min(0),
  recordCount: z.number().int().min(0),
  loadedAt: epochMs,
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
});
export type ZoneReloadResult = z.infer<typeof zoneReloadResult>;

export const zoneReloadAll = z.object({ results: z.array(zoneReloadResult), failed: z.number().int().min(0) });
