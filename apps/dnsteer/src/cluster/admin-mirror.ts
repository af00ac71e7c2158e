import type { ProviderInput, ProviderOverride, SteeredNameChange, Store, StoreBackend, StoredPolicy } from "@dnsteer/storage";

/** The admin API's operator state as the shared database holds it. */
export interface SharedAdminState {
  overrides: ProviderOverride[];
  policy: StoredPolicy | undefined;
  /** Each shared provider's drained flag. */
  drained: Map<string, boolean>;
  steeredNames: SteeredNameChange[];
}

export async function readSharedAdmin(backend: StoreBackend): Promise<SharedAdminState> {
  const [overrides, policy, providers, steeredNames] = await Promise.all([
    backend.listProviderOverrides(),
    backend.getStoredPolicy(),
    backend.listProviders(),
    backend.listSteeredNames(),
  ]);
  return { overrides, policy, drained: new Map(providers.map((p) => [p.name, p.drained])), steeredNames };
}

/**
 * Makes the local file's admin state the shared database's (which is the truth: the decider
 * reads it there): overrides, the stored policy, steered names, drain flags. Only rows that
 * differ are written, in one transaction; the providers table is resynced when an override
 * changed. Returns how many rows changed (0: nothing written).
 */
export function mirrorAdminState(store: Store, shared: SharedAdminState, configured: readonly ProviderInput[]): number {
  const admin = store.admin;
  let changed = 0;
  store.db
    .transaction(() => {
      const localOverrides = new Map(admin.providerOverrides.list().map((o) => [o.name, o]));
      let overridesChanged = false;
      for (const o of shared.overrides) {
        const mine = localOverrides.get(o.name);
        localOverrides.delete(o.name);
        if (mine && mine.updatedAt === o.updatedAt && sameJson(mine.settings, o.settings)) continue;
        admin.providerOverrides.put(o.name, o.settings, o.updatedAt);
        overridesChanged = true;
      }
      for (const name of localOverrides.keys()) overridesChanged = admin.providerOverrides.delete(name) || overridesChanged;
      if (overridesChanged) {
        store.syncProviders(configured);
        changed++;
      }

      const policy = admin.policy.get();
      if (!shared.policy) {
        if (admin.policy.clear()) changed++;
      } else if (!policy || policy.updatedAt !== shared.policy.updatedAt || !sameJson(policy.settings, shared.policy.settings)) {
        admin.policy.put(shared.policy.settings, shared.policy.updatedAt);
        changed++;
      }

      const localNames = new Map(admin.steeredNames.list().map((n) => [n.name, n]));
      for (const n of shared.steeredNames) {
        const mine = localNames.get(n.name);
        localNames.delete(n.name);
        if (mine && mine.group === n.group && mine.state === n.state && mine.updatedAt === n.updatedAt) continue;
        admin.steeredNames.put(n);
        changed++;
      }
      for (const name of localNames.keys()) if (admin.steeredNames.delete(name)) changed++;

      for (const p of store.listProviders()) {
        const drained = shared.drained.get(p.name);
        if (drained === undefined || drained === p.drained) continue;
        store.setDrained(p.name, drained);
        changed++;
      }
    })
    .immediate();
  return changed;
}

/** Rows this connection (the API's, which the mirror shares) has written since it opened. */
function localWrites(store: Store): number {
  return (store.db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The API process's side of a shared PostgreSQL: every `everyMs` (default 2 s) the shared admin
 * state is mirrored into the site's local file, so this site's API shows, and its responder
 * serves with, what was changed through any site's API. The database unreachable: the local
 * state stays as last mirrored; `onError` hears of it.
 */
export class AdminMirror {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly shared: { get(): Promise<StoreBackend> },
    private readonly store: Store,
    private readonly configured: () => readonly ProviderInput[],
    private readonly events: { mirrored?: (changed: number) => void; failed: (err: unknown) => void },
    private readonly everyMs = 2000,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.round(), this.everyMs);
    this.timer.unref();
    void this.round();
    return this;
  }

  /** One mirror round (a round already running is awaited instead of starting a second). */
  round(): Promise<void> {
    this.running ??= this.mirror().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async mirror(): Promise<void> {
    try {
      const before = localWrites(this.store);
      const state = await readSharedAdmin(await this.shared.get());
      // A write on this connection while the state was read (an API change: PostgreSQL first,
      // then here) may be newer than what was read: applying it would show the old state for a
      // round. The next round reads after it.
      if (localWrites(this.store) !== before) return;
      const changed = mirrorAdminState(this.store, state, this.configured());
      if (changed > 0) this.events.mirrored?.(changed);
    } catch (err) {
      this.events.failed(err);
    }
  }
}
