import { z } from "zod";

/** Liveness: the process answers. */
export const health = z.object({ status: z.literal("ok"), uptimeMs: z.number().int().min(0) });

/** Readiness: the store answers and the zones are loaded (503 otherwise, with the failing checks). */
export const readiness = z.object({
  ready: z.boolean(),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), message: z.string() })),
});
export type Readiness = z.infer<typeof readiness>;
