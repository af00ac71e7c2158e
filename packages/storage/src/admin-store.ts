import type Database from "better-sqlite3";
import { ApiKeyRepo } from "./api-keys.js";
import { type Actor, type AuditInput, AuditLogRepo } from "./audit-log.js";
import { DecisionPageRepo } from "./decision-page.js";
import { MeasurementPageRepo } from "./measurement-pages.js";
import { PolicySettingsRepo } from "./policy-settings.js";
import { ProbeRequestRepo } from "./probe-requests.js";
import { ProviderOverrideRepo } from "./provider-overrides.js";
import { SourcePageRepo } from "./source-page.js";
import { SteeredNameRepo } from "./steered-names.js";

/**
 * The admin API's tables (migration 3) and its paginated reads, reached as `store.admin`.
 * Every change goes through `change`, which commits it together with its audit entry.
 */
export class AdminStore {
  readonly audit: AuditLogRepo;
  readonly keys: ApiKeyRepo;
  readonly providerOverrides: ProviderOverrideRepo;
  readonly steeredNames: SteeredNameRepo;
  readonly policy: PolicySettingsRepo;
  readonly probeRequests: ProbeRequestRepo;
  readonly decisions: DecisionPageRepo;
  readonly measurements: MeasurementPageRepo;
  readonly sources: SourcePageRepo;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.audit = new AuditLogRepo(db);
    this.keys = new ApiKeyRepo(db);
    this.providerOverrides = new ProviderOverrideRepo(db);
    this.steeredNames = new SteeredNameRepo(db);
    this.policy = new PolicySettingsRepo(db);
    this.probeRequests = new ProbeRequestRepo(db);
    this.decisions = new DecisionPageRepo(db);
    this.measurements = new MeasurementPageRepo(db);
    this.sources = new SourcePageRepo(db);
  }

  /**
   * Runs `apply` and appends the audit entry it returns, in one IMMEDIATE transaction: a change
   * is never committed without its entry, and an entry never records a change that rolled back.
   */
  change<T>(actor: Actor, apply: () => { result: T; audit: AuditInput }): T {
    return this.db
      .transaction(() => {
        const { result, audit } = apply();
        this.audit.append(actor, audit, this.now());
        return result;
      })
      .immediate();
  }
}
