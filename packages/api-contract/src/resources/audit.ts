import { z } from "zod";
import { page, pageQuery } from "../pagination.js";
import { epochMs } from "../primitives.js";

export const auditQuery = pageQuery
  .extend({
    action: z
      .string()
      .regex(/^[a-z][a-z.-]{0,63}$/)
      .optional(),
    keyId: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional(),
  })
  .strict();

/** One change made through the API: who (key id and name), what, the state before and after. Never a secret. */
export const auditEntry = z.object({
  id: z.number().int(),
  at: epochMs,
  keyId: z.string(),
  keyName: z.string(),
  remote: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntryView = z.infer<typeof auditEntry>;
export const auditPage = page(auditEntry);
