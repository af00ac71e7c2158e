// Text for people: one block per topology, then one summary table over all of them.
import type { TopologyReport } from "./phases.js";

const cyc = (c: number | null) => (c === null ? "never" : `${c}`);

export function topologyText(r: TopologyReport): string {
  const a = r.accuracy;
  const f = r.findings;
  const lines = [
    `== seed ${r.seed} (probe cycle ${r.cycleMs} ms) ==`,
    `every source answered by a provider after ${cyc(r.allAnsweredCycles)} cycles; probe error during convergence ${r.probes.map((p) => `${p.kind}: p50 ${p.errP50Ms} / p95 ${p.errP95Ms} / p99 ${p.errP99Ms} ms over ${p.replies} replies, ${p.losses} lost`).join("; ")}`,
    `accuracy: exact ${a.exactPct} % of ${a.exactSources} sources with margin > 1.5 ms; within 1 ms ${a.within1msPct} % of ${a.allSources}` +
      ` (IPv4 ${a.byFamily[4].exactPct} / ${a.byFamily[4].within1msPct} %, IPv6 ${a.byFamily[6].exactPct} / ${a.byFamily[6].within1msPct} %)`,
    ...a.wrong.map(
      (x) => `  wrong: ${x.address} got ${x.got}, best ${x.best} by ${x.marginMs} ms ${JSON.stringify(x.delays)}; decisions ${x.decisions}`,
    ),
    `F1 guess defended (first decision at prefix/default level, still that provider, wrong): ${f.guessDefended.length}${f.guessDefended.length ? ` (${f.guessDefended.join(", ")})` : ""}`,
    `F1 in time: ${f.coarseWrongAtOwnData.length} sources were on a coarser level's wrong provider when their own data took over; on their best after [${f.coarseWrongAtOwnData.map((x) => cyc(x.cycles)).join(", ")}] cycles`,
    `F2 mixed prefix ${f.mixedPrefix.prefix}: ${f.mixedPrefix.members} members, ${f.mixedPrefix.distinctBest} distinct best providers; at most ${Math.round(f.mixedPrefix.maxSameShare * 100)} % answered with one provider at one poll; ${f.mixedPrefix.onBestAtEnd} on their best at the end`,
    `F3 failovers while no link was down: ${f.spuriousFailovers.length ? f.spuriousFailovers.map((x) => `${x.prefix} ×${x.sources}`).join(", ") : "none"}`,
    `path change (≥ 30 %, ${r.pathChange.changes} resolvers): moved after [${r.pathChange.cycles.map(cyc).join(", ")}] cycles; ${r.pathChange.within2Cycles} within 2 cycles`,
    `slow degradation (${r.degrade.address}): truth changed at cycle ${r.degrade.crossedAtCycles}, answer moved ${r.degrade.lagCycles === null ? "never" : `${r.degrade.lagCycles} cycles later`}`,
    `jitter ±20 % for ${r.jitter.cycles} cycles: ${r.jitter.flipsOverMargin} flips on ${r.jitter.flippedSourcesOverMargin} of ${r.jitter.sourcesOverMargin} sources with margin > 3 ms (${r.jitter.flipsAll} flips in all)`,
    `link ${r.linkDown.provider} down (${r.linkDown.mode}): on it before ${r.linkDown.sourcesOnItBefore[4]} v4 / ${r.linkDown.sourcesOnItBefore[6]} v6; after one cycle (${r.linkDown.boundMs} ms) ${r.linkDown.afterOneCycle[4]} v4 / ${r.linkDown.afterOneCycle[6]} v6; at the end ${r.linkDown.atEnd[4]} v4 / ${r.linkDown.atEnd[6]} v6`,
    `link up: ${r.linkUp.returned} of ${r.linkUp.shouldReturn} sources back on it (cycles [${r.linkUp.cycles.map(cyc).join(", ")}])`,
    ...r.linkUp.away.map(
      (x) => `  not back: ${x.address} on ${x.got}, best by ${x.marginMs} ms ${JSON.stringify(x.delays)}; decisions ${x.decisions}`,
    ),
  ];
  return lines.join("\n");
}

export function summaryTable(reports: readonly TopologyReport[]): string {
  const head =
    "| seed | exact (>1.5 ms) | within 1 ms | F1 (coarse wrong → best ≤ 2 cycles) | F2 max same | F3 | moved ≤ 2 cycles | jitter flips (>3 ms) | down after 1 cycle v4/v6 | down at end v4/v6 | back after up |";
  const sep = "|---|---|---|---|---|---|---|---|---|---|---|";
  const rows = reports.map(
    (r) =>
      `| ${r.seed} | ${r.accuracy.exactPct} % | ${r.accuracy.within1msPct} % | ${r.findings.guessDefended.length} (${r.findings.coarseWrongAtOwnData.filter((x) => x.cycles !== null && x.cycles <= 2).length}/${r.findings.coarseWrongAtOwnData.length}) | ${Math.round(r.findings.mixedPrefix.maxSameShare * 100)} % | ${r.findings.spuriousFailovers.length} | ${r.pathChange.within2Cycles}/${r.pathChange.changes} | ${r.jitter.flipsOverMargin} | ${r.linkDown.afterOneCycle[4]}/${r.linkDown.afterOneCycle[6]} | ${r.linkDown.atEnd[4]}/${r.linkDown.atEnd[6]} | ${r.linkUp.returned}/${r.linkUp.shouldReturn} |`,
  );
  return [head, sep, ...rows].join("\n");
}
