/**
 * The one pause the table has: in-place rehash when tombstones pile up. Fills a 1M-source table,
 * deletes sources until a delete triggers the rehash, and times that call.
 * Usage: node --import tsx bench/flow/rehash-pause.ts [sources=1000000]
 */
import { FlowTable } from "../../packages/flow/src/index.js";

const SOURCES = Number(process.argv[2] ?? 1_000_000);
const table = new FlowTable({ maxEntries: SOURCES, groups: 4, halfLifeMs: 300_000 });
const address = (n: number) => Math.imul(n, 0x9e3779b1);
for (let n = 0; n < SOURCES; n++) table.record(4, address(n), 0, 0, 0, 32, n & 3, n, false);
let worst = 0;
for (let n = 0; table.stats.rehashes === 0; n++) {
  const start = process.hrtime.bigint();
  table.delete(4, address(n), 0, 0, 0, 32);
  worst = Math.max(worst, Number(process.hrtime.bigint() - start) / 1e6);
}
console.log(`${SOURCES} sources, ${table.capacity} slots: in-place rehash after ${SOURCES - table.size} deletes took ${worst.toFixed(1)} ms`);
