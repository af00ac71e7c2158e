/**
 * Ingest bench: the flow table vs a Map-of-objects baseline on the same workload, one core.
 * Usage: node --import tsx bench/flow/ingest.ts [sources=1000000] [events=10000000]
 */
import { FlowAnalyzer, FlowTable, SourceKey, keyFromAddressBytes, meanProbeLength } from "../../packages/flow/src/index.js";
import { MapFlowBaseline } from "./map-baseline.js";
import { bestRate, liveBytes, mb } from "./measure.js";
import { eventStream, makeWorkload, type EventStream } from "./workload.js";

const SOURCES = Number(process.argv[2] ?? 1_000_000);
const EVENTS = Number(process.argv[3] ?? 10_000_000);
const GROUPS = 4;
const HALF_LIFE_MS = 300_000;
const ROUNDS = 3;
const START_MS = 1_800_000_000_000;

const w = makeWorkload(SOURCES, EVENTS, GROUPS);
const ev = eventStream(w);

function ingestTable(table: FlowTable, ev: EventStream): void {
  const { words, info } = ev;
  for (let e = 0; e < info.length; e++) {
    const x = info[e]!;
    const a = e * 4;
    table.record(x & 1 ? 6 : 4, words[a]!, words[a + 1]!, words[a + 2]!, words[a + 3]!, x >>> 16, (x >>> 8) & 0xff, START_MS + e * 0.001, (x & 2) !== 0);
  }
}

/** The analyzer's hot path from raw address bytes (as a UDP handler would call it). */
function ingestAnalyzer(analyzer: FlowAnalyzer, ev: EventStream, bytes: Uint8Array): void {
  const key = new SourceKey();
  const { info } = ev;
  for (let e = 0; e < info.length; e++) {
    const x = info[e]!;
    keyFromAddressBytes(key, bytes, e * 16, x & 1 ? 16 : 4);
    key.prefixLength = x >>> 16; // ECS-derived sources in the workload are already truncated
    key.ecs = (x & 2) !== 0;
    analyzer.recordQuery(key, (x >>> 8) & 0xff, START_MS + e * 0.001);
  }
}

function ingestMap(map: MapFlowBaseline, ev: EventStream): void {
  const { info, text } = ev;
  for (let e = 0; e < info.length; e++) {
    const x = info[e]!;
    map.record(text[e]!, (x >>> 8) & 0xff, START_MS + e * 0.001, (x & 2) !== 0);
  }
}

/** Each event's address as packet bytes, 16 per event (IPv4 in the first 4). */
function addressBytes(ev: EventStream): Uint8Array {
  const n = ev.info.length;
  const out = new Uint8Array(n * 16);
  const view = new DataView(out.buffer);
  for (let e = 0; e < n; e++) {
    const words = ev.info[e]! & 1 ? 4 : 1;
    for (let k = 0; k < words; k++) view.setInt32(e * 16 + k * 4, ev.words[e * 4 + k]!);
  }
  return out;
}

const base = liveBytes();
const table = bestRate(ROUNDS, EVENTS, () => new FlowTable({ maxEntries: SOURCES, groups: GROUPS, halfLifeMs: HALF_LIFE_MS }), (t) => ingestTable(t, ev));
const tableBytes = liveBytes() - base;
const plain = bestRate(1, EVENTS, () => new FlowTable({ maxEntries: SOURCES, groups: GROUPS, halfLifeMs: HALF_LIFE_MS, brent: false }), (t) => ingestTable(t, ev));
const bytes = addressBytes(ev);
const analyzer = bestRate(ROUNDS, EVENTS, () => new FlowAnalyzer({ maxSources: SOURCES, groups: GROUPS, halfLifeMs: HALF_LIFE_MS }), (a) => ingestAnalyzer(a, ev, bytes));
const t = table.last;
const tableProbes = meanProbeLength(t);
const plainProbes = meanProbeLength(plain.last);
(table as { last: unknown }).last = plain.last = analyzer.last = null as never;

const beforeMap = liveBytes();
const map = bestRate(ROUNDS, EVENTS, () => new MapFlowBaseline(SOURCES, GROUPS, HALF_LIFE_MS), (m) => ingestMap(m, ev));
const mapBytes = liveBytes() - beforeMap;

const m = (r: number) => `${(r / 1e6).toFixed(2)}M events/s (${(1e9 / r).toFixed(0)} ns/event)`;
console.log(`workload: ${SOURCES} distinct sources (70% IPv4, 30% IPv6, 10% ECS), ${EVENTS} events, Zipf(1), ${GROUPS} groups, node ${process.version}`);
console.log(`flow table (Brent):      ${m(table.rate)}; ${t.size} sources in ${mb(t.memoryBytes())} (capacity ${t.capacity}, heap delta ${mb(tableBytes)}), mean successful probes ${tableProbes.toFixed(3)}, relocations ${t.stats.relocations}`);
console.log(`flow table (plain dbl):  ${m(plain.rate)}; mean successful probes ${plainProbes.toFixed(3)}`);
console.log(`analyzer from bytes:     ${m(analyzer.rate)}`);
console.log(`Map baseline:            ${m(map.rate)}; ${map.last.map.size} sources in ${mb(mapBytes)} (heap delta; excludes the ${SOURCES} key strings it retains)`);
console.log(`ratio table/Map: ingest ${(table.rate / map.rate).toFixed(2)}x, memory ${(mapBytes / t.memoryBytes()).toFixed(2)}x smaller`);
console.log(`targets: >= 5M events/s ${table.rate >= 5e6 ? "met" : "MISSED"}; 1M sources <= 64 MB ${t.memoryBytes() <= 64e6 ? "met" : "MISSED"}; >= 2x Map ${table.rate >= 2 * map.rate ? "met" : "MISSED"}`);
