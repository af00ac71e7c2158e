/**
 * Steered load from many resolver addresses, run inside the testbed's resolvers namespace: one
 * UDP socket bound to each resolver address; query k goes from resolver k mod R to provider
 * (k div R) mod P's address, so every resolver asks through every provider in turn, as an
 * L-DNS spreads its queries over a zone's name servers. Each answer's A record names the
 * provider dnsteer chose for that resolver (its service address). The testbed delays the query
 * direction by the path's configured delay: subtracted from the latency, so the p99 is the
 * server's (and the router's) share. Asked by the run over stdin (child-io.ts).
 *
 *   node --conditions=source --import tsx bench/soak/gen-steered.ts --plan PLAN.json
 */
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { answerRequests } from "./child-io.js";
import type { SteeredFinal, SteeredPeriod } from "./figures.js";
import { Pacer, Tracker, withId } from "./load.js";
import { answeredA, aQuery, type SteeredPlan } from "./steered-plan.js";

const { values } = parseArgs({ options: { plan: { type: "string" } } });
const plan = JSON.parse(readFileSync(values.plan!, "utf8")) as SteeredPlan;
const query = aQuery(plan.qname);
const providerOf = new Map(plan.providers.map((p) => [p.service, p.name]));
const best = plan.resolvers.map((r) => plan.providers.reduce((a, b) => (r.delays[b.name]! < r.delays[a.name]! ? b : a)).name);

const tracker = new Tracker();
let byProvider: Record<string, number> = {};
let bestAnswers = 0;
const last: Array<string | null> = plan.resolvers.map(() => null);

const sockets = plan.resolvers.map((r, i) => {
  const s = dgram.createSocket({ type: "udp4", recvBufferSize: 1 << 20 });
  s.bind(0, r.v4);
  s.on("error", (e) => process.stderr.write(`socket ${r.v4}: ${e.message}\n`));
  s.on("message", (m) => {
    if (m.length < 12 || !tracker.reply(m.readUInt16BE(0))) return;
    const a = answeredA(m);
    const provider = a === null ? null : (providerOf.get(a) ?? "(zone)");
    if (provider === null) return;
    byProvider[provider] = (byProvider[provider] ?? 0) + 1;
    if (provider === best[i]) bestAnswers++;
    last[i] = provider;
  });
  return s;
});

let k = 0;
const pacer = new Pacer(plan.qps);
const R = plan.resolvers.length;
const P = plan.providers.length;
const timer = setInterval(() => {
  for (let n = pacer.due(); n > 0; n--, k++) {
    const r = k % R;
    const p = plan.providers[Math.floor(k / R) % P]!;
    sockets[r]!.send(withId(query, tracker.take(plan.resolvers[r]!.delays[p.name])), 53, p.v4);
  }
}, 10);

function period(): Omit<SteeredPeriod, "lagP99Ms"> {
  const out = { steered: tracker.period(), byProvider, best: bestAnswers };
  byProvider = {};
  bestAnswers = 0;
  return out;
}

answerRequests(
  (ask): Omit<SteeredPeriod, "lagP99Ms"> | Omit<SteeredFinal, "lagP99Ms"> =>
    ask === "period"
      ? period()
      : { ...period(), last: Object.fromEntries(plan.resolvers.map((r, i) => [r.v4, { got: last[i]!, best: best[i]! }])) },
  () => {
    clearInterval(timer);
    for (const s of sockets) s.close();
  },
);
