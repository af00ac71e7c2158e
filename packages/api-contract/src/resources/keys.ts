import { z } from "zod";
import { epochMs } from "../primitives.js";

/** read: every GET; admin: everything, changes included. */
export const keyScope = z.enum(["read", "admin"]);
export type KeyScope = z.infer<typeof keyScope>;

export const keyParams = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, "a key id: 16 hex digits") });
export const keyCreateBody = z
  .object({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.@-]{0,63}$/, "1-64 letters, digits, space _ . @ -"), scope: keyScope })
  .strict();

export const apiKey = z.object({ id: z.string(), name: z.string(), scope: keyScope, createdAt: epochMs, revokedAt: epochMs.nullable() });
export type ApiKeyView = z.infer<typeof apiKey>;
export const apiKeyList = z.object({ keys: z.array(apiKey) });

/** The token is shown once, here; only its hash is stored. */
export const apiKeyCreated = apiKey.extend({ token: z.string() });
