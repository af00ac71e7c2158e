import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Store } from "@dnsteer/storage";
import { createApiKey, verifyToken } from "./tokens.js";

/**
 * For a local supervisor and CLI: the token in `path` when it is still a valid key, else a new
 * admin key whose token is written there (mode 0600, owner only). Returns the token.
 */
export function ensureAdminKeyFile(store: Store, path: string, now: number, name = "local-admin"): string {
  if (existsSync(path)) {
    const token = readFileSync(path, "utf8").trim();
    if (verifyToken(store, token)?.scope === "admin") return token;
  }
  const { token } = createApiKey(store, name, "admin", now);
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return token;
}
