/**
 * Thread body: polls the store for decision changes and builds the longest-prefix map here,
 * off the main thread, into shared memory. The responder's threads never read SQLite and never
 * build a trie: each adopts the finished map's arrays (shared, not copied) at a swap. When only
 * providers changed (the store's route change log says which), the new map is the last one
 * patched (DecisionMap.withChanges: milliseconds at 1M decisions) rather than rebuilt.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { type DecisionMap, readDecisionMap } from "@dnsteer/steering";
import { Store } from "@dnsteer/storage";
import { refreshThread } from "./specs.js";

const { data, port } = refreshThread.inThread();
yieldToAnswering();
const store = Store.open(data.dbPath, { readonly: true });
let seen = Number.NaN;
/** The map last handed over, and the route change log's seq it is as of. */
let current: DecisionMap | undefined;
let logSeq = 0;

/**
 * Past this many changes since the last map, reading every route is as cheap as applying
 * them (and a change log trimmed past the last map leaves no choice).
 */
const MOST_CHANGES = 20_000;

function tick(): void {
  if (store.decisionsVersion() === seen) return;
  const started = performance.now();
  // One read transaction: the map is exactly the routes of `version`.
  const next = store.db.transaction(() => {
    const version = store.decisionsVersion();
    if (current) {
      const log = store.decisionRouteChanges(logSeq, MOST_CHANGES);
      // Only providers of prefixes already in the map changed: patch a copy (milliseconds).
      const patched = !log.complete ? undefined : log.changes.length === 0 ? current : current.withChanges(log.changes);
      if (patched) return { version, map: patched, seq: log.lastSeq, how: "patched" as const };
    }
    // First map, a prefix added or deleted, or too many changes: read every route.
    return { version, map: readDecisionMap(store, data.providers), seq: store.decisionRouteLogEnd(), how: "read" as const };
  })();
  seen = next.version;
  logSeq = next.seq;
  if (next.map === current) return; // a new reason, the same routes: nothing to hand over
  current = next.map;
  const ms = Math.round(performance.now() - started);
  port.post({ type: "map", version: next.version, transfer: next.map.toTransfer(), how: next.how, ms });
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
