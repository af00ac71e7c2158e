import { type KindTotals, pct, type RssTrack, STATIC_KINDS, type SteeredFinal, samples, sumOf } from "./figures.js";
import type { RunTally } from "./tally.js";

/** What the end of the run prints besides the tally: counters before and after, the testbed's truth. */
export interface SummaryInput {
  tally: RunTally;
  seconds: number;
  periods: number;
  load: { start: string; end: string };
  rss: ReadonlyMap<string, RssTrack>;
  final: SteeredFinal;
  /** /metrics text at the start and at the end ("" when a scrape failed). */
  worker: { start: string; end: string };
  responder: { start: string; end: string };
  providers: readonly string[];
  delaysOf: (resolver: string) => Record<string, number>;
}

/** `x` with `digits` decimals, "-" when there is no figure. */
export const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "-");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
/** A counter's increase over the run, summed over the samples whose labels include `match`. */
const delta = (m: { start: string; end: string }, metric: string, match: Record<string, string>) =>
  sumOf(m.end, metric, match) - sumOf(m.start, metric, match);

export function printSummary(x: SummaryInput): void {
  const { tally, seconds } = x;
  console.log(
    `\nsummary over ${seconds.toFixed(0)} s (load average at start ${x.load.start}, at end ${x.load.end}); p99 = median of the 10 s p99s (worst 10 s p99)`,
  );
  console.log("  kind       server      sent/s  answered/s   loss %      p99 ms");
  const line = (kind: string, server: string, k: KindTotals, loss = true) =>
    console.log(
      `  ${kind.padEnd(10)} ${server.padEnd(8)} ${(k.sent / seconds).toFixed(0).padStart(9)} ${(k.answered / seconds).toFixed(0).padStart(11)} ${(loss ? k.lossPct().toFixed(3) : "-").padStart(8)} ${num(k.medianP99(), 2).padStart(8)} (${num(k.maxP99(), 1)})`,
    );
  for (const k of STATIC_KINDS) for (const [server, kinds] of Object.entries(tally.servers)) line(k, server, kinds[k], k !== "malformed");
  line("steered", "dnsteer", tally.steered);
  const d = tally.servers.dnsteer!;
  const n = tally.servers.knot!;
  console.log(
    `  ratios dnsteer/knot (answered, p99): ${STATIC_KINDS.map(
      (k) => `${k} ${n[k].answered ? (d[k].answered / n[k].answered).toFixed(3) : "-"}, ${num(d[k].medianP99() / n[k].medianP99(), 2)}`,
    ).join("; ")}`,
  );
  const { lags } = tally;
  console.log(
    `  generators' event-loop delay p99, median (worst) of the periods: static ${num(median(lags.static), 0)} (${num(Math.max(...lags.static), 0)}) ms, steered ${num(median(lags.steered), 0)} (${num(Math.max(...lags.steered), 0)}) ms`,
  );
  console.log(`  RSS: ${[...x.rss].map(([name, r]) => `${name} ${r.text()}`).join("; ")}`);

  const answered = Object.values(tally.byProvider).reduce((a, b) => a + b, 0);
  console.log(
    `  steered answers per provider (client side): ${Object.entries(tally.byProvider)
      .sort()
      .map(([p, c]) => `${p} ${c} (${pct(c, answered)}%)`)
      .join(", ")}; the resolver's best provider in ${pct(tally.bestAnswers, answered)}% of ${answered}`,
  );
  console.log(
    `  steered answers per provider (responder's dnsteer_steered_answers_total over the run): ${[...x.providers, "(zone)"]
      .map((p) => `${p} ${delta(x.responder, "dnsteer_steered_answers_total", { provider: p })}`)
      .join(", ")}`,
  );
  console.log(
    `  every steered answer named the resolver's best provider ${tally.allBestSince === null ? "in no period at the end" : `from ${tally.allBestSince} s on`} (${tally.periodsNotAllBest} of ${x.periods} periods had some that did not)`,
  );
  const last = Object.entries(x.final.last);
  const wrong = last.filter(([, v]) => v.got !== v.best);
  const delays = (a: string) =>
    Object.entries(x.delaysOf(a))
      .map(([p, ms]) => `${p} ${ms} ms`)
      .join(", ");
  console.log(
    `  at the end: ${last.length - wrong.length} of ${last.length} resolvers answered with their truly best provider${
      wrong.length ? `; not: ${wrong.map(([a, v]) => `${a} got ${v.got} best ${v.best} (${delays(a)})`).join("; ")}` : ""
    }`,
  );
  console.log(
    `  worker probes over the run (sent/answered/lost/failed): ${x.providers
      .map(
        (p) =>
          `${p} ${["sent", "answered", "lost", "failed"].map((r) => delta(x.worker, "dnsteer_probes_total", { provider: p, result: r })).join("/")}`,
      )
      .join(", ")}`,
  );
  const switchesAtStart = samples(x.worker.start, "dnsteer_decision_switches_total");
  const switches = [...samples(x.worker.end, "dnsteer_decision_switches_total")]
    .map(([labels, c]) => [/cause="([^"]*)"/.exec(labels)?.[1] ?? labels, c - (switchesAtStart.get(labels) ?? 0)] as const)
    .filter(([, c]) => c > 0);
  console.log(
    `  decision switches over the run (dnsteer_decision_switches_total by cause): ${switches.map(([c, k]) => `${c} ${k}`).join(", ") || "none"}`,
  );
}
