import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ApiKeyRecord, ApiKeyScope, Store } from "@dnsteer/storage";

/**
 * Tokens are "dnsteer_<id>_<secret>": a 64-bit public id (to find the row) and 256 random
 * bits. Only sha256 of the whole token is stored: with that much entropy a fast hash cannot
 * be brute-forced, so no salt or key stretching is needed (and checks stay cheap).
 */
const TOKEN = /^dnsteer_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

/** A new key; the token is returned once and never stored. */
export function createApiKey(store: Store, name: string, scope: ApiKeyScope, now: number): { record: ApiKeyRecord; token: string } {
  const id = randomBytes(8).toString("hex");
  const token = `dnsteer_${id}_${randomBytes(32).toString("base64url")}`;
  const record: ApiKeyRecord = { id, name, scope, hash: hashToken(token), createdAt: now, revokedAt: null };
  store.admin.keys.add(record);
  return { record, token };
}

const DUMMY = Buffer.alloc(32);

/** The active key a token belongs to, or null. Compared in constant time, found or not. */
export function verifyToken(store: Store, token: string): ApiKeyRecord | null {
  const match = TOKEN.exec(token);
  const key = match ? store.admin.keys.get(match[1]!) : undefined;
  const equal = timingSafeEqual(hashToken(token), key?.hash.length === 32 ? key.hash : DUMMY);
  return key && equal && key.revokedAt === null ? key : null;
}

/** "Authorization: Bearer <token>" or "X-API-Key: <token>". */
export function tokenFrom(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === "string" && /^bearer /i.test(auth)) return auth.slice(7).trim();
  const key = headers["x-api-key"];
  return typeof key === "string" ? key.trim() : undefined;
}
