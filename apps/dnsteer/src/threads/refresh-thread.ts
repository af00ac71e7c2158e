/**
 * Thread body: polls the store for decision changes and builds the longest-prefix map here,
 * off the main thread, into shared memory. The responder's threads never read SQLite and never
 * build a trie: each adopts the finished map's arrays (shared, not copied) at a swap.
 */
import { readDecisionMap } from "@dnsteer/steering";
import { Store } from "@dnsteer/storage";
import { refreshThread } from "./specs.js";

const { data, port } = refreshThread.inThread();
const store = Store.open(data.dbPath, { readonly: true });
let seen = Number.NaN;

function tick(): void {
  if (store.decisionsVersion() === seen) return;
  // One read transaction: the routes are exactly those of `version`.
  const { version, map } = store.db.transaction(() => ({
    version: store.decisionsVersion(),
    map: readDecisionMap(store, data.providers),
  }))();
  seen = version;
  port.post({ type: "map", version, transfer: map.toTransfer() });
}

tick();
const timer = setInterval(tick, data.intervalMs);
port.onMessage(() => {
  clearInterval(timer);
  store.close();
  port.close();
});
