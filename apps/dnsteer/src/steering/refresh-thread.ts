/**
 * Worker-thread body: polls the store for decision changes and builds the longest-prefix map
 * here, off the main thread, then hands its arrays over zero-copy. The responder's thread
 * never reads SQLite and never builds a trie: it only swaps in a finished map.
 */
import { parentPort, workerData } from "node:worker_threads";
import { DecisionMap, type DecisionLevel } from "@dnsteer/steering";
import { Store } from "@dnsteer/storage";

interface RefreshData {
  dbPath: string;
  providers: string[];
  intervalMs: number;
}

const { dbPath, providers, intervalMs } = workerData as RefreshData;
const store = Store.open(dbPath, { readonly: true });
let seen = Number.NaN;

function tick(): void {
  const version = store.decisionsVersion();
  if (version === seen) return;
  seen = version;
  const decisions = store.listDecisions().map((d) => ({
    address: d.prefix,
    prefixLength: d.prefixLength,
    provider: d.provider,
    level: (typeof d.reason.level === "string" ? d.reason.level : "source") as DecisionLevel,
  }));
  const transfer = new DecisionMap(providers, decisions).toTransfer();
  const { left, right, value } = transfer.trie;
  // slice() in toArrays gives each array its own ArrayBuffer, so moving them is safe.
  parentPort!.postMessage({ version, transfer }, [left.buffer as ArrayBuffer, right.buffer as ArrayBuffer, value.buffer as ArrayBuffer]);
}

tick();
setInterval(tick, intervalMs);
parentPort!.on("message", (m) => {
  if (m === "stop") {
    store.close();
    process.exit(0);
  }
});
