import type Database from "better-sqlite3";
import type { ProviderHealth } from "./types.js";

interface HealthRow {
  provider: string;
  healthy: number;
  cause: string | null;
  family: number | null;
  detail: string | null;
  since: number;
  updated_at: number;
}

/**
 * Whether the worker can send from each provider (migration 4): written by the worker when a
 * provider's state changes (and for every provider at start), read by the controller, which
 * treats an unhealthy provider as down for every path.
 */
export class ProviderHealthRepo {
  private readonly upsert: Database.Statement;
  private readonly all: Database.Statement<[], HealthRow>;

  constructor(private readonly db: Database.Database) {
    this.upsert = db.prepare(`INSERT INTO provider_health (provider, healthy, cause, family, detail, since, updated_at)
      VALUES (@provider, @healthy, @cause, @family, @detail, @since, @updated_at)
      ON CONFLICT (provider) DO UPDATE SET healthy = excluded.healthy, cause = excluded.cause, family = excluded.family,
        detail = excluded.detail, since = excluded.since, updated_at = excluded.updated_at`);
    this.all = db.prepare("SELECT * FROM provider_health ORDER BY provider");
  }

  put(states: readonly ProviderHealth[], now: number): void {
    this.db
      .transaction(() => {
        for (const s of states) {
          this.upsert.run({
            provider: s.provider,
            healthy: s.healthy ? 1 : 0,
            cause: s.cause,
            family: s.family,
            detail: s.detail,
            since: Math.round(s.since),
            updated_at: Math.round(now),
          });
        }
      })
      .immediate();
  }

  list(): ProviderHealth[] {
    return this.all.all().map((r) => ({
      provider: r.provider,
      healthy: r.healthy === 1,
      cause: r.cause,
      family: r.family === 4 || r.family === 6 ? r.family : null,
      detail: r.detail,
      since: r.since,
      updatedAt: r.updated_at,
    }));
  }
}
