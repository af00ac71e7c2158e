import { randomFillSync } from "node:crypto";
import type { CookieSettings } from "../../core/settings.js";
import { type SipKey, sipKey } from "./siphash.js";

/**
 * The server secrets in force: `keys[0]` makes cookies, every key is accepted. Configured
 * secrets are used as given (a rollover is a config change); without them a random secret is
 * made and replaced every `secretLifetimeSeconds`, the previous one kept for checking until
 * the next replacement, so no client's cookie stops working at a rollover.
 */
export class CookieSecrets {
  keys: SipKey[] = [];
  private settings: CookieSettings | undefined;
  private replaceAt = Infinity;

  /** Bring the keys up to date with `settings` at `now` (seconds): cheap when nothing changed. */
  update(settings: CookieSettings, now: number): void {
    if (settings !== this.settings) {
      this.settings = settings;
      if (settings.secrets.length > 0) {
        this.keys = settings.secrets.map((hex) => sipKey(Buffer.from(hex, "hex")));
        this.replaceAt = Infinity;
      } else if (this.replaceAt === Infinity) {
        this.keys = [randomKey()];
        this.replaceAt = now + settings.secretLifetimeSeconds;
      }
    }
    if (now >= this.replaceAt) {
      this.keys = [randomKey(), this.keys[0]!];
      this.replaceAt = now + settings.secretLifetimeSeconds;
    }
  }
}

function randomKey(): SipKey {
  return sipKey(randomFillSync(new Uint8Array(16)));
}
