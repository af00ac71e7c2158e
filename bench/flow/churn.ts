/**
 * Churn at full size: a table holding `sources` keeps receiving new sources (each must evict
 * one), then deletes run until they force rehashes. Every single record()/delete() is timed
 * (performance.now(): no allocation, so no GC inside the loop), and the bench prints the
 * cost per call, the p99 / p99.9 / p99.99 and maximum single-call times, how many calls took
 * over 1 ms, and how many rehashes ran (the rehash pause is what the maximum shows).
 * Usage: node --import tsx bench/flow/churn.ts [sources=1000000] [arrivals=3000000] [deletes=200000]
 * Internal knob for the shard-size sweep: FLOW_SHARD_SLOTS=<slots per shard>.
 */
import { performance } from "node:perf_hooks";
import { FlowTable, type FlowTableOptions } from "@dnsteer/flow";

const SOURCES = Number(process.argv[2] ?? 1_000_000);
const ARRIVALS = Number(process.argv[3] ?? 3_000_000);
const DELETES = Number(process.argv[4] ?? 200_000);
const address = (n: number) => Math.imul(n, 0x9e3779b1);
const options: FlowTableOptions = { maxEntries: SOURCES, groups: 4, halfLifeMs: 300_000 };
const shardSlots = process.env.FLOW_SHARD_SLOTS;
if (shardSlots !== undefined) options.shardSlots = Number(shardSlots);
const table = new FlowTable(options);
for (let n = 0; n < SOURCES; n++) table.record(4, address(n), 0, 0, 0, 32, n & 3, n, false);

/** Times `calls` calls of `op(i)` one by one; returns the sorted per-call times in ms. */
interface Timed {
  sorted: Float64Array;
  totalMs: number;
  rehashes: number;
  worstRehashMs: number;
  worstOtherMs: number;
}

/** Times `calls` calls of `op(i)` one by one; per-call times in ms (sorted), and the worst with and without a rehash in it. */
function timeEach(calls: number, op: (i: number) => void): Timed {
  const times = new Float64Array(calls);
  const stats = table.stats;
  const rehashes = stats.rehashes;
  let worstRehashMs = 0;
  let worstOtherMs = 0;
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    const before = stats.rehashes;
    const t0 = performance.now();
    op(i);
    const ms = performance.now() - t0;
    times[i] = ms;
    if (stats.rehashes !== before) worstRehashMs = Math.max(worstRehashMs, ms);
    else worstOtherMs = Math.max(worstOtherMs, ms);
  }
  const totalMs = performance.now() - start;
  return { sorted: times.sort(), totalMs, rehashes: stats.rehashes - rehashes, worstRehashMs, worstOtherMs };
}

const quantile = (sorted: Float64Array, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;

function report(what: string, r: Timed): void {
  const { sorted } = r;
  let over1ms = 0;
  for (let i = sorted.length - 1; i >= 0 && sorted[i]! > 1; i--) over1ms++;
  console.log(
    `${what}: ${((r.totalMs * 1e6) / sorted.length).toFixed(0)} ns/call (timer included), ${r.rehashes} rehashes; ` +
      `p99 ${us(quantile(sorted, 0.99))}, p99.9 ${us(quantile(sorted, 0.999))}, p99.99 ${us(quantile(sorted, 0.9999))}, ` +
      `max ${sorted[sorted.length - 1]!.toFixed(3)} ms; ${over1ms} calls > 1 ms; ` +
      `worst call that rehashed ${r.worstRehashMs.toFixed(3)} ms, worst other ${r.worstOtherMs.toFixed(3)} ms`,
  );
}

console.log(
  `table: ${SOURCES} sources, ${table.capacity} slots in ${table.shards} shards, ${(table.memoryBytes() / 1e6).toFixed(1)} MB, node ${process.version}`,
);
// warm-up: the first calls of the rarely taken paths (eviction fallback, rehash) run before
// V8 has optimised them; those one-off costs are reported here, not mixed into the figures below
const WARM = Math.floor(ARRIVALS / 10);
report(
  `warm-up: ${WARM} new sources`,
  timeEach(WARM, (i) => {
    table.record(4, address(SOURCES + i), 0, 0, 0, 32, i & 3, SOURCES + i, false);
  }),
);
const churn = timeEach(ARRIVALS, (i) => {
  table.record(4, address(SOURCES + WARM + i), 0, 0, 0, 32, i & 3, SOURCES + WARM + i, false);
});
report(`churn: ${ARRIVALS} new sources into the full table (${table.stats.evictions} evictions)`, churn);
// deletes of present keys (the newest arrivals), each leaving a tombstone
const deletes = timeEach(DELETES, (i) => {
  table.delete(4, address(SOURCES + WARM + ARRIVALS - 1 - i), 0, 0, 0, 32);
});
report(`deletes: ${DELETES} present keys`, deletes);
// refill after the deletes: inserts into a table full of tombstones
const refill = timeEach(DELETES, (i) => {
  table.record(4, address(SOURCES + WARM + ARRIVALS + i), 0, 0, 0, 32, 0, SOURCES + WARM + ARRIVALS + i, false);
});
report(`refill: ${DELETES} new sources after the deletes`, refill);
console.log(`size ${table.size}, tombstones ${table.tombstones}, total rehashes ${table.stats.rehashes}`);
