import type Database from "better-sqlite3";
import type { ProviderSettings } from "./types.js";

export const PROVIDER_SETTING_KEYS: readonly (keyof ProviderSettings)[] = [
  "enabled",
  "sourceV4",
  "sourceV6",
  "device",
  "serviceA",
  "serviceAAAA",
  "pricePerMbps",
  "commitMbps",
  "priceAboveCommit",
  "billingPercentile",
  "capacityMbps",
];

/** Settings an operator set through the API for one provider; they win over the config file's. */
export interface ProviderOverride {
  name: string;
  settings: Partial<ProviderSettings>;
  updatedAt: number;
}

export type CompleteProvider = { name: string } & ProviderSettings;

/**
 * The providers in force: each configured provider with its overrides applied, then the
 * providers that exist only through the API (their override holds every setting). A partial
 * override of a provider the config no longer names is ignored (there is nothing to patch).
 */
export function applyProviderOverrides<T extends { name: string }>(
  configured: readonly T[],
  overrides: readonly ProviderOverride[],
): (T | CompleteProvider)[] {
  const byName = new Map(overrides.map((o) => [o.name, o]));
  const out: (T | CompleteProvider)[] = configured.map((p) => {
    const o = byName.get(p.name);
    byName.delete(p.name);
    return o ? { ...p, ...o.settings } : p;
  });
  for (const o of byName.values()) if (isComplete(o.settings)) out.push({ name: o.name, ...o.settings });
  return out;
}

export function isComplete(settings: Partial<ProviderSettings>): settings is ProviderSettings {
  return PROVIDER_SETTING_KEYS.every((k) => k in settings);
}

interface OverrideRow {
  name: string;
  settings: string;
  updated_at: number;
}

export class ProviderOverrideRepo {
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement<[string]>;
  private readonly all: Database.Statement<[], OverrideRow>;
  private readonly one: Database.Statement<[string], OverrideRow>;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`INSERT INTO provider_overrides (name, settings, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`);
    this.remove = db.prepare("DELETE FROM provider_overrides WHERE name = ?");
    this.all = db.prepare("SELECT * FROM provider_overrides ORDER BY name");
    this.one = db.prepare("SELECT * FROM provider_overrides WHERE name = ?");
  }

  list(): ProviderOverride[] {
    return this.all.all().map(fromRow);
  }

  get(name: string): ProviderOverride | undefined {
    const row = this.one.get(name);
    return row && fromRow(row);
  }

  put(name: string, settings: Partial<ProviderSettings>, now: number): void {
    this.upsert.run(name, JSON.stringify(settings), now);
  }

  delete(name: string): boolean {
    return this.remove.run(name).changes > 0;
  }
}

function fromRow(r: OverrideRow): ProviderOverride {
  return { name: r.name, settings: JSON.parse(r.settings) as Partial<ProviderSettings>, updatedAt: r.updated_at };
}
