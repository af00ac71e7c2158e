/**
 * Responder cost, in-process (no sockets): queries/s through `DnsServer.answer` for
 *   - a static name, the analyzer off (baseline)
 *   - a steered name, the analyzer on (each query recorded in the flow table)
 *   - a steered name, the analyzer off
 *   - a steered name answered from a 100k-entry decision map (issue 5: target >= 0.9x static)
 * from 4096 distinct resolver addresses, interleaved in rounds so drift hits all alike.
 * Prints ratios against the baseline measured in the same run. Socket I/O, which dominates a
 * real server's time, is left out, so the relative cost shown is an upper bound.
 *
 * Run: node --conditions=source --import tsx bench/server/responder.ts [seconds=6]
 */

import { fixturesDir } from "@dnsteer/config";
import { FlowAnalyzer } from "@dnsteer/flow";
import { buildChain, buildSteeringView, createResponder, createSnapshot, defaultSettings, SteeredAnswerCounts } from "@dnsteer/server";
import { DecisionMap } from "@dnsteer/steering";
import { nameToKey, nameToWire, parseName } from "@dnsteer/wire";
import { loadZoneFile, ZoneSet } from "@dnsteer/zone";

const seconds = Number(process.argv[2] ?? 6);
const zones = new ZoneSet([loadZoneFile(`${fixturesDir}zones/example.test.zone`)]);
const snapshot = createSnapshot(zones, defaultSettings);
const steered = parseName("www.example.test.");
const groups = new Map([[nameToKey(steered), 0]]);
const analyzer = new FlowAnalyzer({ maxSources: 1 << 16, groups: 1, halfLifeMs: 300_000 });

const plain = createResponder(() => snapshot, { chain: buildChain() });
// 100k decisions: /32 resolvers across 198.18.0.0/15 and /24s across 203.0.113.0-ish space.
const decisions = Array.from({ length: 100_000 }, (_, i) => ({
  prefix: i % 2 ? `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}` : `${10 + (i % 200)}.${(i >> 8) & 255}.${i & 255}.0`,
  prefixLength: i % 2 ? 32 : 24,
  provider: ["p1", "p2", "p3"][i % 3]!,
}));
const buildStart = process.hrtime.bigint();
const decisionMap = DecisionMap.from(["p1", "p2", "p3"], decisions);
const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
const view = buildSteeringView({
  names: ["www.example.test."],
  providers: [
    { name: "p1", serviceA: ["203.0.113.80"], serviceAAAA: [] },
    { name: "p2", serviceA: ["198.51.100.80"], serviceAAAA: [] },
    { name: "p3", serviceA: ["198.18.0.80"], serviceAAAA: [] },
  ],
  decisions: decisionMap,
  defaultProvider: "p1",
  ttl: 30,
});
const steering = createResponder(() => snapshot, { chain: buildChain({ steering: { current: () => view } }) });
// The same, counting each answer per provider (what `serve` does for /metrics and the answer history).
const answers = new SteeredAnswerCounts(["p1", "p2", "p3"]);
const counted = createResponder(() => snapshot, { chain: buildChain({ steering: { current: () => view, answers } }) });
const withFlow = createResponder(() => snapshot, { chain: buildChain({ flow: { analyzer, groups } }) });

function query(name: string): Buffer {
  const q = Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([q, Buffer.from(nameToWire(parseName(name))), Buffer.from([0, 1, 0, 1])]);
}
const peers = Array.from({ length: 4096 }, (_, i) => ({ address: `198.18.${i >> 8}.${i & 255}`, port: 53, family: 4 as const }));

type Case = { label: string; respond: typeof plain; msg: Buffer; ops: number; ns: bigint };
const cases: Case[] = [
  { label: "static name, analyzer off", respond: plain, msg: query("mail.example.test."), ops: 0, ns: 0n },
  { label: "steered name, analyzer on", respond: withFlow, msg: query("www.example.test."), ops: 0, ns: 0n },
  { label: "steered name, analyzer off", respond: plain, msg: query("www.example.test."), ops: 0, ns: 0n },
  { label: "steered name, 100k decisions", respond: steering, msg: query("www.example.test."), ops: 0, ns: 0n },
  { label: "the same, answers counted", respond: counted, msg: query("www.example.test."), ops: 0, ns: 0n },
];

const deadline = Date.now() + seconds * 1000;
const batch = 20_000;
// Every other round runs the cases in reverse, so none always follows the same neighbour.
for (let round = 0; Date.now() < deadline; round++) {
  for (const c of round % 2 ? [...cases].reverse() : cases) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) {
      if (!c.respond(c.msg, "udp", peers[i & 4095]!)) throw new Error("no answer");
    }
    c.ns += process.hrtime.bigint() - start;
    c.ops += batch;
  }
}
const qps = (c: Case) => c.ops / (Number(c.ns) / 1e9);
const base = qps(cases[0]!);
console.log(`responder, in-process, ${seconds}s interleaved:`);
for (const c of cases)
  console.log(`  ${c.label.padEnd(28)} ${Math.round(qps(c)).toLocaleString("en").padStart(10)} q/s  ${(qps(c) / base).toFixed(3)}x static`);
const on = qps(cases[1]!);
const off = qps(cases[2]!);
console.log(
  `analyzer cost on steered queries: ${((1 - on / off) * 100).toFixed(1)}% (target <= 5% of server qps; socket I/O excluded, so an upper bound)`,
);
console.log(`flow table: ${analyzer.size} sources recorded`);
console.log(
  `steered answers vs static: ${(qps(cases[3]!) / base).toFixed(3)}x (target >= 0.9x; decision map ${view.decisions.size} entries)`,
);
console.log(
  `answers counted per provider vs not: ${(qps(cases[4]!) / qps(cases[3]!)).toFixed(3)}x (${answers.counts.reduce((a, b) => a + b, 0).toLocaleString("en")} answers counted)`,
);
console.log(
  `decision map rebuild: ${decisionMap.size} decisions in ${buildMs.toFixed(1)} ms (target <= 1000 ms; done off the query thread by serve)`,
);
