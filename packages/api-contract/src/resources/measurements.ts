import { probeKindSchema } from "@dnsteer/model";
import { z } from "zod";
import { page, pageQuery } from "../pagination.js";
import { cidrPrefix, epochMs, ipAddress, providerName, queryInt } from "../primitives.js";

/** Latest aggregates: filter by source (address or prefix, as the worker keys them) and provider. */
export const latestQuery = pageQuery.extend({ source: cidrPrefix.optional(), provider: providerName.optional() }).strict();

export const pathStat = z.object({
  source: z.string(),
  provider: z.string(),
  /** The probe kind these figures come from (one kind per path, never a mix). */
  kind: probeKindSchema,
  medianRttMs: z.number().nullable(),
  ewmaRttMs: z.number().nullable(),
  lastRttMs: z.number().nullable(),
  loss: z.number().min(0).max(1),
  jitterMs: z.number(),
  /** Results in the window (lost probes included). */
  window: z.number().int().min(0),
  samples: z.number().int().min(0),
  updatedAt: epochMs,
});
export type PathStatView = z.infer<typeof pathStat>;
export const pathStatPage = page(pathStat);

/** Raw probe results for one source address, newest first, within [since, until). */
export const historyQuery = pageQuery
  .extend({
    source: ipAddress,
    provider: providerName.optional(),
    since: queryInt(0, 8.64e15).optional(),
    until: queryInt(0, 8.64e15).optional(),
  })
  .strict();

export const sample = z.object({
  id: z.number().int(),
  source: z.string(),
  provider: z.string(),
  kind: probeKindSchema,
  family: z.union([z.literal(4), z.literal(6)]),
  /** null: the probe was lost. */
  rttMs: z.number().nullable(),
  at: epochMs,
});
export type SampleView = z.infer<typeof sample>;
export const samplePage = page(sample);

/**
 * Ask the worker to probe `address` now (through `provider`, else every provider). Refused
 * unless the address is inside the config's measure.scope: the API can never widen what is probed.
 */
export const probeRequestBody = z.object({ address: ipAddress, provider: providerName.optional() }).strict();

export const probeRequest = z.object({
  id: z.number().int(),
  address: z.string(),
  provider: z.string().nullable(),
  status: z.enum(["queued", "done", "failed"]),
  requestedAt: epochMs,
  requestedBy: z.string(),
  /** Per provider, once the worker has probed (null while queued). */
  results: z
    .array(
      z.object({
        provider: z.string(),
        kind: probeKindSchema,
        probes: z.number().int().min(0),
        /** Median of the answered probes; null: none answered. */
        rttMs: z.number().nullable(),
        loss: z.number().min(0).max(1),
        /** Why probes could not leave through this provider. */
        error: z.string().nullable(),
      }),
    )
    .nullable(),
  /** Why the request failed (outside the worker's scope, no provider can reach the address). */
  error: z.string().nullable(),
  finishedAt: epochMs.nullable(),
});
export type ProbeRequestView = z.infer<typeof probeRequest>;
export const probeRequestParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
export const probeRequestPage = page(probeRequest);
