/**
 * Churn at full size: a table holding `sources` keeps receiving new sources (each must evict
 * one). Prints the cost per new source, how often the in-place rehash ran, and the worst
 * single record() (the rehash pause). Also the pause after explicit deletes force a rehash.
 * Usage: node --import tsx bench/flow/churn.ts [sources=1000000] [arrivals=3000000]
 */
import { FlowTable } from "../../packages/flow/src/index.js";

const SOURCES = Number(process.argv[2] ?? 1_000_000);
const ARRIVALS = Number(process.argv[3] ?? 3_000_000);
const address = (n: number) => Math.imul(n, 0x9e3779b1);
const table = new FlowTable({ maxEntries: SOURCES, groups: 4, halfLifeMs: 300_000 });
for (let n = 0; n < SOURCES; n++) table.record(4, address(n), 0, 0, 0, 32, n & 3, n, false);

let worst = 0;
const start = process.hrtime.bigint();
for (let n = SOURCES; n < SOURCES + ARRIVALS; n++) {
  const t0 = process.hrtime.bigint();
  table.record(4, address(n), 0, 0, 0, 32, n & 3, n, false);
  worst = Math.max(worst, Number(process.hrtime.bigint() - t0) / 1e6);
}
const perArrival = Number(process.hrtime.bigint() - start) / ARRIVALS;
console.log(`churn: ${ARRIVALS} new sources into a full ${SOURCES}-source table: ${perArrival.toFixed(0)} ns each (timer included), ` +
  `${table.stats.evictions} evictions, ${table.stats.rehashes} rehashes, ${table.tombstones} tombstones left, worst record() ${worst.toFixed(1)} ms`);

let pause = 0;
for (let n = SOURCES; table.stats.rehashes === 0 || pause === 0; n++) {
  const before = table.stats.rehashes;
  const t0 = process.hrtime.bigint();
  table.delete(4, address(n + ARRIVALS - SOURCES), 0, 0, 0, 32);
  if (table.stats.rehashes > before) pause = Number(process.hrtime.bigint() - t0) / 1e6;
}
console.log(`in-place rehash of ${table.capacity} slots (forced by deletes): ${pause.toFixed(0)} ms`);
