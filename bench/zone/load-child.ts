// Child of bench/zone/load.ts: load one zone file with dnsteer's loader, print one JSON line.
// A process of its own, so its peak RSS (VmHWM) is the load's and nothing else's.
import { readFileSync } from "node:fs";
import { loadZoneFile } from "@dnsteer/zone";

const file = process.argv[2];
if (!file) throw new Error("usage: load-child.ts ZONEFILE");

const hwmKb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))![1]);
const before = hwmKb();
const start = performance.now();
const cpu = process.cpuUsage();
const zone = loadZoneFile(file);
const loadMs = performance.now() - start;
const used = process.cpuUsage(cpu);
let records = 0;
for (const node of zone.nodes.values()) for (const set of node.rrsets.values()) records += set.rdata.length;
// CPU time (all threads: V8's GC helpers too) tells a busy machine from a slow load.
console.log(
  JSON.stringify({
    loadMs,
    cpuMs: (used.user + used.system) / 1000,
    peakRssKb: hwmKb(),
    startRssKb: before,
    names: zone.nodes.size,
    records,
  }),
);
