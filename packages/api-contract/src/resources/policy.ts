import { policyModeSchema } from "@dnsteer/model";
import { z } from "zod";
import { epochMs, providerName } from "../primitives.js";

const MAX_MS = 86_400_000;

/** The decision policy's settings (packages/policy's PolicyConfig); see its README for each. */
const policyFields = {
  mode: policyModeSchema,
  lossWeight: z.number().min(0).max(1000),
  maxLoss: z.number().gt(0).max(1),
  /** null: no ceiling. */
  rttCeilingMs: z.number().min(0).max(MAX_MS).nullable(),
  downLoss: z.number().gt(0).max(1),
  toleranceMs: z.number().min(0).max(MAX_MS),
  tolerancePercent: z.number().min(0).max(10_000),
  marginMs: z.number().min(0).max(MAX_MS),
  marginPercent: z.number().min(0).max(10_000),
  /** One-sided confidence a challenger must be faster with (0.5 <= confidence < 1). */
  confidence: z.number().min(0.5).lt(1),
  consecutive: z.number().int().min(1).max(10_000),
  holdDownMs: z.number().int().min(0).max(MAX_MS),
  minSamples: z.number().int().min(0).max(1_000_000),
  mbpsPerQueryRate: z.number().min(0).max(1_000_000),
  defaultProviders: z.array(providerName).max(256),
};

/** PUT /v1/policy and /v1/policy/validate: the settings to change over the config file's. */
export const policyBody = z.object(policyFields).partial().strict();
export type PolicyBody = z.infer<typeof policyBody>;

export const policySettings = z.object(policyFields);
export type PolicySettings = z.infer<typeof policySettings>;

export const policyView = z.object({
  /** What the next evaluation uses: defaults, then the config file's policy, then `stored`. */
  effective: policySettings,
  /** Settings set through the API (kept in the store), or null. */
  stored: policyBody.nullable(),
  updatedAt: epochMs.nullable(),
});
export type PolicyView = z.infer<typeof policyView>;

export const policyValidation = z.object({
  valid: z.boolean(),
  effective: policySettings.optional(),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type PolicyValidation = z.infer<typeof policyValidation>;
