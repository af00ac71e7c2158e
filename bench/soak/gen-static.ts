/**
 * The static mixed load, one copy per server, run inside the testbed's edge namespace (where
 * dnsteer and Knot both listen on the namespace's loopback): valid UDP (the dig/kdig corpus,
 * its ECS queries apart), random names that do not exist, malformed UDP, pipelined TCP, slow
 * TCP clients and one that never reads. Asked by the run over stdin (child-io.ts).
 *
 *   node --conditions=source --import tsx bench/soak/gen-static.ts --targets '[{"name":"dnsteer","host":"127.0.0.1","port":5301}]' --qps 2000 --slow 50
 */
import { parseArgs } from "node:util";
import { EdnsOption, parseQuery } from "@dnsteer/wire";
import { seededRandom } from "../../fixtures/random.js";
import { wireCorpus } from "../fuzz/corpus.js";
import { mutateWire } from "../fuzz/mutate.js";
import { answerRequests } from "./child-io.js";
import { type Period, STATIC_KINDS, type StaticKind, type StaticPeriod } from "./figures.js";
import { rudeClients, type Target, Tracker, tcpClient, udpClient } from "./load.js";

const { values } = parseArgs({
  options: {
    targets: { type: "string" },
    qps: { type: "string", default: "2000" },
    slow: { type: "string", default: "50" },
  },
});
const targets = JSON.parse(values.targets ?? "[]") as Array<Target & { name: string }>;
const qps = Number(values.qps);

// Valid queries: the corpus's (not AXFR, opcode QUERY), those with ECS apart, and random names
// that do not exist. Malformed: corpus queries mutated until the pre-parser refuses them.
const corpus = wireCorpus().queries.map((s) => s.bytes);
const plain: Uint8Array[] = [];
const ecs: Uint8Array[] = [];
for (const q of corpus) {
  const p = parseQuery(q);
  if ("kind" in p || p.qtype === 252) continue;
  (p.edns?.options.some((o) => o.code === EdnsOption.ECS) ? ecs : plain).push(q);
}
const rng = seededRandom(11);
const nxdomain: Uint8Array[] = [];
for (let i = 0; i < 200; i++) nxdomain.push(nameQuery(`r${Math.floor(rng() * 1e9)}.example.test`));
const malformed: Uint8Array[] = [];
while (malformed.length < 2000) {
  const a = corpus[Math.floor(rng() * corpus.length)]!;
  const m = mutateWire(a, corpus[Math.floor(rng() * corpus.length)]!, rng).bytes;
  if ("kind" in parseQuery(m)) malformed.push(m);
}
// The valid UDP rate is shared as the old single pool shared it: by the number of queries of each kind.
const valid = plain.length + ecs.length + nxdomain.length;
const share = (n: number) => (qps * n) / valid;

function nameQuery(name: string): Uint8Array {
  const labels = name.split(".").flatMap((l) => [l.length, ...Buffer.from(l)]);
  return Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1]);
}

const load = targets.map((to) => {
  const trackers = Object.fromEntries(STATIC_KINDS.map((k) => [k, new Tracker()])) as Record<StaticKind, Tracker>;
  const stops = [
    udpClient(to, plain, share(plain.length), trackers.udp),
    udpClient(to, ecs, share(ecs.length), trackers.ecs),
    udpClient(to, nxdomain, share(nxdomain.length), trackers.nxdomain),
    udpClient(to, malformed, qps / 10, trackers.malformed),
    tcpClient(to, [...plain, ...ecs, ...nxdomain], qps / 10, trackers.tcp),
    rudeClients(to, plain[0]!, Number(values.slow)),
  ];
  return { name: to.name, trackers, stops };
});

const mix = `valid UDP ${qps}/s (plain ${share(plain.length).toFixed(0)}, ECS ${share(ecs.length).toFixed(0)}, NXDOMAIN ${share(nxdomain.length).toFixed(0)}), malformed ${qps / 10}/s, TCP ${qps / 10}/s, ${values.slow} slow TCP, 1 never-reading`;
answerRequests(
  (): Omit<StaticPeriod, "lagP99Ms"> => ({
    mix,
    servers: Object.fromEntries(
      load.map((l) => [l.name, Object.fromEntries(STATIC_KINDS.map((k) => [k, l.trackers[k].period()])) as Record<StaticKind, Period>]),
    ),
  }),
  () => {
    for (const l of load) for (const stop of l.stops) stop();
  },
);
