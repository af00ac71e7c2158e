import { decisionCauseSchema, decisionLevelSchema } from "@dnsteer/model";
import { z } from "zod";
import { clientSubnet, epochMs, ipAddress } from "../primitives.js";

/** `address`: the resolver; `ecs`: the client subnet its query carries (takes precedence). */
export const explainQuery = z.object({ address: ipAddress, ecs: clientSubnet.optional() }).strict();
export type ExplainQuery = z.infer<typeof explainQuery>;

export const explanation = z.object({
  /** What the answer was chosen by: the ECS subnet (unless its length is 0) or the resolver, as a prefix. */
  source: z.string(),
  /** The ECS scope the reply carries (RFC 7871 7.2.1); null when no ECS subnet decides. */
  scope: z.number().int().min(0).max(128).nullable(),
  /** The stored decision the responder's map matches (longest prefix). */
  decision: z
    .object({
      prefix: z.string(),
      prefixLength: z.number().int(),
      level: decisionLevelSchema,
      decidedAt: epochMs,
      cause: decisionCauseSchema,
    })
    .nullable(),
  provider: z.string().nullable(),
  /** decision: a stored decision covers it; default: steering.defaultProvider; zone: the zone's own records. */
  basis: z.enum(["decision", "default", "zone"]),
  /** A and AAAA of a steered name as the server answers them; empty: the zone's own records answer that type. */
  answer: z.object({ a: z.array(z.string()), aaaa: z.array(z.string()) }),
  verdicts: z.array(
    z.object({ provider: z.string(), verdict: z.string(), rttMs: z.number().nullable(), loss: z.number().nullable(), price: z.number() }),
  ),
  paths: z.array(
    z.object({
      provider: z.string(),
      prefix: z.string(),
      medianMs: z.number().nullable(),
      ewmaMs: z.number().nullable(),
      loss: z.number(),
      jitterMs: z.number(),
      samples: z.number().int(),
    }),
  ),
});
export type ExplanationView = z.infer<typeof explanation>;
