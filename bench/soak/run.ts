/**
 * `pnpm bench:soak [--minutes 10] [--qps 2000] [--slow 50]`: dnsteer serve and Knot (Debian's
 * knotd, the peer) side by side under the same mixed load for the same minutes: valid UDP
 * queries (real dig/kdig queries: answers, NXDOMAIN, ECS, cookies, NSID, TC) plus random
 * NXDOMAIN names, malformed UDP (mutated corpus queries), pipelined TCP, slow TCP clients
 * (one octet a second) and a TCP client that never reads. Every 10 s: answered q/s, loss, p99
 * latency and RSS of each server; at the end, the ratios dnsteer/Knot. Not in CI.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseQuery } from "@dnsteer/wire";
import { startKnot } from "../../fixtures/peers/knot.js";
import { seededRandom } from "../../fixtures/random.js";
import { wireCorpus } from "../fuzz/corpus.js";
import { mutateWire } from "../fuzz/mutate.js";
import { startServe } from "../fuzz/net-target.js";
import { rudeClients, Tracker, tcpClient, udpClient } from "./load.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    qps: { type: "string", default: "2000" },
    slow: { type: "string", default: "50" },
  },
});
const minutes = Number(values.minutes);
const qps = Number(values.qps);
const ZONES = resolve(import.meta.dirname, "../../fixtures/zones");

// Valid queries: the corpus's (not AXFR, opcode QUERY) and random names that do not exist.
const corpus = wireCorpus().queries.map((s) => s.bytes);
const valid = corpus.filter((q) => {
  const p = parseQuery(q);
  return !("kind" in p) && p.qtype !== 252;
});
const rng = seededRandom(11);
for (let i = 0; i < 200; i++) valid.push(nameQuery(`r${Math.floor(rng() * 1e9)}.example.test`));
const invalid: Uint8Array[] = [];
while (invalid.length < 2000) {
  const a = corpus[Math.floor(rng() * corpus.length)]!;
  const m = mutateWire(a, corpus[Math.floor(rng() * corpus.length)]!, rng).bytes;
  if ("kind" in parseQuery(m)) invalid.push(m);
}

function nameQuery(name: string): Uint8Array {
  const labels = name.split(".").flatMap((l) => [l.length, ...Buffer.from(l)]);
  return Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1]);
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const dnsteer = await startServe();
const knot = await startKnot({
  zones: [
    { origin: "example.test.", file: join(ZONES, "example.test.zone") },
    { origin: "other.test.", file: join(ZONES, "other.test.zone") },
  ],
  ecs: true,
  nsid: "soak",
});
const servers = [
  { name: "dnsteer", port: dnsteer.port, pid: dnsteer.pid, alive: () => dnsteer.exited() === null },
  { name: "knot", port: knot.port, pid: knot.pid, alive: () => rssMb(knot.pid) > 0 },
];

interface Totals {
  sent: number;
  answered: number;
  lost: number;
  p99s: number[];
  rssStart: number;
  rssEnd: number;
  rssMax: number;
}
const load = servers.map((s) => {
  const udp = new Tracker();
  const tcp = new Tracker();
  const stops = [
    udpClient(s.port, valid, qps, udp),
    udpClient(s.port, invalid, qps / 10, null),
    tcpClient(s.port, valid, qps / 10, tcp),
    rudeClients(s.port, valid[0]!, Number(values.slow)),
  ];
  const totals: Totals = { sent: 0, answered: 0, lost: 0, p99s: [], rssStart: rssMb(s.pid), rssEnd: 0, rssMax: 0 };
  const tcpTotals = { sent: 0, answered: 0, lost: 0 };
  return { s, udp, tcp, stops, totals, tcpTotals };
});

console.log(
  `soak: ${minutes} min, ${qps} valid UDP q/s + ${qps / 10} malformed + ${qps / 10} TCP + ${values.slow} slow TCP + 1 never-reading, per server`,
);
console.log("   t  server    udp ans/s  loss%   p99ms   tcp ans/s  loss%   RSS MB");
const started = Date.now();
const end = started + minutes * 60_000;
let crashes = 0;
let sampledAt = started;
while (Date.now() < end) {
  await new Promise((r) => setTimeout(r, Math.min(10_000, end - Date.now())));
  const secs = (Date.now() - sampledAt) / 1000;
  sampledAt = Date.now();
  for (const l of load) {
    const u = l.udp.period();
    const t = l.tcp.period();
    const rss = rssMb(l.s.pid);
    Object.assign(l.totals, {
      sent: l.totals.sent + u.sent,
      answered: l.totals.answered + u.answered,
      lost: l.totals.lost + u.lost,
      rssEnd: rss,
      rssMax: Math.max(l.totals.rssMax, rss),
    });
    if (!Number.isNaN(u.p99)) l.totals.p99s.push(u.p99);
    l.tcpTotals.sent += t.sent;
    l.tcpTotals.answered += t.answered;
    l.tcpTotals.lost += t.lost;
    if (!l.s.alive()) crashes++;
    const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(2) : "-").padStart(6);
    console.log(
      `${String(Math.round((Date.now() - started) / 1000)).padStart(4)}  ${l.s.name.padEnd(8)} ${String(Math.round(u.answered / secs)).padStart(10)} ${pct(u.lost, u.sent)} ${u.p99.toFixed(2).padStart(7)} ${String(Math.round(t.answered / secs)).padStart(11)} ${pct(t.lost, t.sent)} ${rss.toFixed(0).padStart(8)}`,
    );
  }
}
for (const l of load) for (const stop of l.stops) stop();

const seconds = (Date.now() - started) / 1000;
const summary = load.map((l) => ({
  name: l.s.name,
  qps: l.totals.answered / seconds,
  loss: l.totals.sent ? l.totals.lost / l.totals.sent : 0,
  p99: l.totals.p99s.sort((a, b) => a - b)[Math.floor(l.totals.p99s.length * 0.5)] ?? Number.NaN,
  tcpLoss: l.tcpTotals.sent ? l.tcpTotals.lost / l.tcpTotals.sent : 0,
  ...l.totals,
}));
console.log("\nsummary (p99 = median of the 10 s p99s):");
for (const s of summary) {
  console.log(
    `  ${s.name.padEnd(8)} ${s.qps.toFixed(0)} q/s answered, loss ${(100 * s.loss).toFixed(3)} %, p99 ${s.p99.toFixed(2)} ms, TCP loss ${(100 * s.tcpLoss).toFixed(3)} %, RSS ${s.rssStart.toFixed(0)} -> ${s.rssEnd.toFixed(0)} MB (max ${s.rssMax.toFixed(0)})`,
  );
}
const [d, k] = summary as [(typeof summary)[0], (typeof summary)[0]];
console.log(
  `ratios dnsteer/knot: answered ${(d.qps / k.qps).toFixed(3)}, p99 ${(d.p99 / k.p99).toFixed(2)}, RSS end ${(d.rssEnd / k.rssEnd).toFixed(2)}, RSS growth ${(d.rssEnd - d.rssStart).toFixed(0)} MB vs ${(k.rssEnd - k.rssStart).toFixed(0)} MB`,
);
console.log(`crashes: ${crashes}${dnsteer.exited() !== null ? ` (dnsteer exited with ${dnsteer.exited()})` : ""}`);
await dnsteer.stop();
await knot.stop();
process.exit(crashes === 0 ? 0 : 1);
