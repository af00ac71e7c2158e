import { z } from "zod";
import { deviceName, epochMs, ipv4Address, ipv6Address, providerName } from "../primitives.js";
import { buildProgress, buildStatus } from "./matrix.js";

export const providerParams = z.object({ name: providerName });

const MAX_MBPS = 10_000_000; // 10 Tbit/s: past any single provider link
const MAX_PRICE = 1_000_000;

/** A provider's settings, as in the config file's providers[] (same names, same defaults). */
const providerFields = {
  enabled: z.boolean(),
  /** Probe source addresses: local addresses routed out through this provider. */
  sourceV4: ipv4Address.nullable(),
  sourceV6: ipv6Address.nullable(),
  /** The provider's link; ICMP probes are bound to it. */
  device: deviceName.nullable(),
  /** Answered for steered names when this provider is chosen. */
  serviceA: z.array(ipv4Address).max(64),
  serviceAAAA: z.array(ipv6Address).max(64),
  /** Cost model: price per Mbps, the committed Mbps (paid anyway), the price past the commit. */
  pricePerMbps: z.number().min(0).max(MAX_PRICE),
  commitMbps: z.number().min(0).max(MAX_MBPS),
  priceAboveCommit: z.number().min(0).max(MAX_PRICE),
  billingPercentile: z.number().min(1).max(100),
  /** Most Mbps steered to it; null = no limit. */
  capacityMbps: z.number().positive().max(MAX_MBPS).nullable(),
};

/** PUT: the whole provider (absent fields take the config defaults). */
export const providerBody = z
  .object({
    enabled: providerFields.enabled.default(true),
    sourceV4: providerFields.sourceV4.default(null),
    sourceV6: providerFields.sourceV6.default(null),
    device: providerFields.device.default(null),
    serviceA: providerFields.serviceA.default([]),
    serviceAAAA: providerFields.serviceAAAA.default([]),
    pricePerMbps: providerFields.pricePerMbps.default(0),
    commitMbps: providerFields.commitMbps.default(0),
    priceAboveCommit: providerFields.priceAboveCommit.default(0),
    billingPercentile: providerFields.billingPercentile.default(95),
    capacityMbps: providerFields.capacityMbps.default(null),
  })
  .strict();
export type ProviderBody = z.infer<typeof providerBody>;

/** PATCH: only the fields to change (at least one). */
export const providerPatch = z
  .object(providerFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: "name at least one field to change" });
export type ProviderPatch = z.infer<typeof providerPatch>;

export const PROVIDER_SETTINGS = Object.keys(providerFields) as (keyof typeof providerFields)[];

export const provider = z.object({
  name: z.string(),
  ...providerFields,
  /** Operator state: a drained provider is never chosen; its sources move at the next evaluation. */
  drained: z.boolean(),
  /** Fields set through the API; they win over the config file's until reset. */
  overridden: z.array(z.string()),
  /** config: named in the config file; api: added through the API. */
  origin: z.enum(["config", "api"]),
  updatedAt: epochMs,
});
export type Provider = z.infer<typeof provider>;

export const providerList = z.object({ providers: z.array(provider) });

/** A provider's health, from the path measurements the worker stored. */
export const providerHealth = z.object({
  name: z.string(),
  /**
   * disabled / drained: operator state; down: the worker cannot send from it (see `sending`),
   * or every measured path lost its recent probes; unmeasured: no path measured yet.
   */
  state: z.enum(["up", "down", "drained", "disabled", "unmeasured"]),
  /**
   * The worker's verdict on the provider: it cannot send from it (its source address or device is
   * gone: cause SOURCE_NOT_LOCAL, ENODEV, ...) or its service fails its health checks (cause
   * "service-check", detail the failing checks); either way it is answered to nobody. null: not reported yet.
   */
  sending: z.object({ ok: z.boolean(), cause: z.string().nullable(), detail: z.string().nullable(), since: epochMs }).nullable(),
  paths: z.number().int().min(0),
  pathsDown: z.number().int().min(0),
  medianRttMs: z.number().nullable(),
  meanLoss: z.number().min(0).max(1).nullable(),
  lastMeasuredAt: epochMs.nullable(),
  /** Sources currently steered to it. */
  decisions: z.number().int().min(0),
});
export type ProviderHealth = z.infer<typeof providerHealth>;
/**
 * Every provider's health. status building (just after start, a big store): the first table is
 * still being read, `providers` is empty and `building` says how far; ask again shortly.
 */
export const providerHealthList = z.object({
  providers: z.array(providerHealth),
  status: buildStatus,
  building: buildProgress.nullable(),
});
export type ProviderHealthList = z.infer<typeof providerHealthList>;
