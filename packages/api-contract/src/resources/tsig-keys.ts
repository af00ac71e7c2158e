import { z } from "zod";
import { epochMs } from "../primitives.js";

/** The HMAC algorithms of RFC 8945 that dnsteer signs and verifies with (hmac-md5 is not offered). */
export const tsigAlgorithm = z.enum(["hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"]);

/** A key name as secondaries spell it: a DNS name (labels of letters, digits, - and _), final dot optional. */
const keyName = z
  .string()
  .min(1)
  .max(254)
  .regex(/^([A-Za-z0-9_-]{1,63}\.)*[A-Za-z0-9_-]{1,63}\.?$/, "a DNS name: labels of 1-63 letters, digits, - or _");

export const tsigKeyParams = z.object({ name: keyName });

/** base64 of 16 to 512 octets (RFC 8945 6: at least half the hash's length is advised; we ask 16). */
const secret = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "base64 (as in BIND's and Knot's key files)")
  .refine((s) => s.length % 4 === 0, "base64 in whole groups of 4 characters")
  .refine((s) => {
    const octets = (s.length / 4) * 3 - (s.length - s.replace(/=+$/, "").length);
    return octets >= 16 && octets <= 512;
  }, "a secret of 16 to 512 octets");

/** `secret` absent: dnsteer makes one (random, the hash's length) and answers it once. */
export const tsigKeyCreateBody = z.object({ name: keyName, algorithm: tsigAlgorithm, secret: secret.optional() }).strict();

/** A key as listed: never its secret. `origin` config: from the config file (change it there); api: added here. */
export const tsigKeyView = z.object({
  name: z.string(),
  algorithm: tsigAlgorithm,
  origin: z.enum(["config", "api"]),
  createdAt: epochMs.nullable(),
});
export type TsigKeyView = z.infer<typeof tsigKeyView>;
export const tsigKeyList = z.object({ keys: z.array(tsigKeyView) });

/** The answer to a create: the secret, this once (give it to the secondaries). */
export const tsigKeyCreated = tsigKeyView.extend({ secret: z.string() });
