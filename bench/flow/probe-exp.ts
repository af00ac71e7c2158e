import { FlowTable } from "../../packages/flow/src/index.js";
import { eventStream, makeWorkload, type EventStream } from "./workload.js";
const SRC = Number(process.argv[2] ?? 1_000_000);
const w = makeWorkload(SRC, 10_000_000, 4);
const ev = eventStream(w);
function ingest(table: FlowTable, ev: EventStream): number {
  const { words, info } = ev;
  const s = process.hrtime.bigint();
  for (let e = 0; e < info.length; e++) {
    const x = info[e]!; const a = e * 4;
    table.record(x & 1 ? 6 : 4, words[a]!, words[a + 1]!, words[a + 2]!, words[a + 3]!, x >>> 16, (x >>> 8) & 0xff, 1.8e12 + e * 0.001, (x & 2) !== 0);
  }
  return Number(process.hrtime.bigint() - s) / info.length;
}
function loop(ev: EventStream): number {
  const { words, info } = ev; let y = 0;
  const s = process.hrtime.bigint();
  for (let e = 0; e < info.length; e++) { const x = info[e]!; y = (y + words[e * 4]! + (x >>> 16)) | 0; }
  return Number(process.hrtime.bigint() - s) / info.length + y * 0;
}
for (let r = 0; r < 2; r++) {
  const t = new FlowTable({ maxEntries: SRC, groups: 4, halfLifeMs: 300_000 });
  console.log("fresh", ingest(t, ev).toFixed(0), "ns; all-hits pass", ingest(t, ev).toFixed(0), "ns; input-only loop", loop(ev).toFixed(1));
}
const small = new FlowTable({ maxEntries: SRC, groups: 4, halfLifeMs: 300_000 });
import { hashKey, homeSlot } from "../../packages/flow/src/hash.js";
import { keyMeta } from "../../packages/flow/src/layout.js";
import { probeLength } from "../../packages/flow/src/index.js";
function ingestBatched(table: FlowTable, ev: EventStream, B: number): number {
  const { words, info } = ev; const t = table.slotsForDiagnostics; const { i32, f64, stride, capacity, floats } = t;
  let sink = 0;
  const s = process.hrtime.bigint();
  for (let e0 = 0; e0 < info.length; e0 += B) {
    const end = Math.min(info.length, e0 + B);
    for (let e = e0; e < end; e++) {
      const x = info[e]!; const a = e * 4;
      const h = hashKey(keyMeta(x & 1 ? 6 : 4, x >>> 16), words[a]!, words[a + 1]!, words[a + 2]!, words[a + 3]!);
      const home = homeSlot(h, capacity);
      sink = (sink + i32[home * stride]! + f64[(home * stride + floats) >> 1]!) | 0;
    }
    for (let e = e0; e < end; e++) {
      const x = info[e]!; const a = e * 4;
      table.record(x & 1 ? 6 : 4, words[a]!, words[a + 1]!, words[a + 2]!, words[a + 3]!, x >>> 16, (x >>> 8) & 0xff, 1.8e12 + e * 0.001, (x & 2) !== 0);
    }
  }
  return Number(process.hrtime.bigint() - s) / info.length + (sink & 0);
}
