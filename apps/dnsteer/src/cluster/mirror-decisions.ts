import { splitPrefixKey } from "@dnsteer/net";
import type { Decision, Store, StoredDecision } from "@dnsteer/storage";

/**
 * Makes the local store's decisions the shared database's: rows whose provider or time differ
 * are written (grouped by their decision time, which the store stamps per batch), rows the
 * database no longer has are deleted, all in one transaction; unchanged rows are not touched,
 * so the local decision version (which the refresh thread follows) moves only on a change.
 * Returns how many rows changed.
 */
export function mirrorDecisions(store: Store, shared: readonly StoredDecision[]): number {
  const local = new Map(store.listDecisionStates().map((d) => [d.source, d]));
  const byTime = new Map<number, Decision[]>();
  for (const { decidedAt, ...d } of shared) {
    const mine = local.get(d.source);
    local.delete(d.source);
    if (mine && mine.provider === d.provider && mine.decidedAt === decidedAt) continue;
    let batch = byTime.get(decidedAt);
    if (!batch) byTime.set(decidedAt, (batch = []));
    batch.push(d);
  }
  let changed = local.size;
  store.db
    .transaction(() => {
      for (const [decidedAt, batch] of byTime) {
        store.putDecisions(batch, decidedAt);
        changed += batch.length;
      }
      for (const source of local.keys()) {
        const [prefix, length] = splitPrefixKey(source);
        store.deleteDecision(prefix, length);
      }
    })
    .immediate();
  return changed;
}

/**
 * Applies what changed in the shared database since the version mirrored last (deletes, then
 * the decisions written since, grouped by decision time) in one transaction. Returns how many
 * rows changed.
 */
export function applyDecisionChanges(store: Store, upserts: readonly StoredDecision[], deletes: readonly string[]): number {
  const byTime = new Map<number, Decision[]>();
  for (const { decidedAt, ...d } of upserts) {
    let batch = byTime.get(decidedAt);
    if (!batch) byTime.set(decidedAt, (batch = []));
    batch.push(d);
  }
  store.db
    .transaction(() => {
      for (const source of deletes) {
        const [prefix, length] = splitPrefixKey(source);
        store.deleteDecision(prefix, length);
      }
      for (const [decidedAt, batch] of byTime) store.putDecisions(batch, decidedAt);
    })
    .immediate();
  return upserts.length + deletes.length;
}
