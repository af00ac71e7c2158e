/**
 * Thread body: polls the store for decision changes and builds the longest-prefix map here,
 * off the main thread, into shared memory. The responder's threads never read SQLite and never
 * build a trie: each adopts the finished map's arrays (shared, not copied) at a swap.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { readDecisionMap } from "@dnsteer/steering";
import { Store } from "@dnsteer/storage";
import { refreshThread } from "./specs.js";

const { data, port } = refreshThread.inThread();
yieldToAnswering();
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

/**
 * A rebuild at 1M decisions is a second of CPU; on a box with no idle core it would take that
 * from the threads answering queries (their p99.9 grew 2-3x during rebuilds on 2 cores). At nice
 * 10 the scheduler gives it what they leave. Linux lets a thread's own priority be set through
 * its thread id (/proc/thread-self); elsewhere, or when refused, the thread runs as it is.
 */
function yieldToAnswering(): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // not Linux, or not allowed: the rebuild competes at the process's own priority
  }
}
