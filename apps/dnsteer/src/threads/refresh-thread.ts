/**
 * Thread body: polls the store for decision changes and builds the longest-prefix map here,
 * off the main thread, then hands its arrays over zero-copy. The responder's thread never reads
 * SQLite and never builds a trie: it only swaps in a finished map.
 */
import { readDecisionMap } from "@dnsteer/steering";
import { Store } from "@dnsteer/storage";
import { refreshThread } from "./specs.js";

const { data, port } = refreshThread.inThread();
const store = Store.open(data.dbPath, { readonly: true });
let seen = Number.NaN;

function tick(): void {
  const version = store.decisionsVersion();
  if (version === seen) return;
  seen = version;
  const transfer = readDecisionMap(store, data.providers).toTransfer();
  const { left, right, value } = transfer.trie;
  // slice() in toArrays gives each array its own ArrayBuffer, so moving them is safe.
  port.post({ type: "map", version, transfer }, [left.buffer, right.buffer, value.buffer]);
}

tick();
const timer = setInterval(tick, data.intervalMs);
port.onMessage(() => {
  clearInterval(timer);
  store.close();
  port.close();
});
