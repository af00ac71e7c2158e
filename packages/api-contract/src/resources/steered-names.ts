import { z } from "zod";
import { dnsName } from "../primitives.js";

export const steeredNameParams = z.object({ name: dnsName });

/** `group` buckets the name's query counts in the flow analyzer (0-31). */
export const steeredNameBody = z.object({ group: z.number().int().min(0).max(31).optional() }).strict();

export const steeredName = z.object({
  name: z.string(),
  group: z.number().int().min(0).max(31).nullable(),
  /** config: from steering.names; api: added through the API (stored). */
  origin: z.enum(["config", "api"]),
});
export type SteeredName = z.infer<typeof steeredName>;

export const steeredNameList = z.object({ names: z.array(steeredName) });
export const steeredNameRemoved = z.object({ name: z.string(), removed: z.literal(true) });
