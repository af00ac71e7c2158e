import { z } from "zod";
import { clientSubnet, epochMs, ipAddress } from "../primitives.js";

/** `address`: the resolver; `ecs`: the client subnet its query carries (takes precedence). */
export const explainQuery = z.object({ address: ipAddress, ecs: clientSubnet.optional() }).strict();
export type ExplainQuery = z.infer<typeof explainQuery>;

export const explanation = z.object({
  source: z.string(),
  decision: z.object({ prefix: z.string(), prefixLength: z.number().int(), level: z.string(), decidedAt: epochMs, cause: z.string() }).nullable(),
  provider: z.string().nullable(),
  /** decision: a stored decision covers it; default: steering.defaultProvider; zone: the zone's own records. */
  basis: z.enum(["decision", "default", "zone"]),
  answer: z.object({ a: z.array(z.string()), aaaa: z.array(z.string()) }),
  verdicts: z.array(z.object({ provider: z.string(), verdict: z.string(), rttMs: z.number().nullable(), loss: z.number().nullable(), price: z.number() })),
  paths: z.array(z.object({
    provider: z.string(), prefix: z.string(), medianMs: z.number().nullable(), ewmaMs: z.number().nullable(),
    loss: z.number(), jitterMs: z.number(), samples: z.number().int(),
  })),
});
export type ExplanationView = z.infer<typeof explanation>;
