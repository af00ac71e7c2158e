// Issue 9's "Show" in CI: two seeded topologies end to end (bench/steering-accuracy, README),
// the documented default policy, real probes and real DNS queries; the figures the issue asks for
// are asserted per topology. Run on its own (vitest.accuracy.config.ts, scripts/test.sh) after
// the main suite, so other test files do not load the machine while it measures.
import { describe, expect, it } from "vitest";
import { testbedSkipReason } from "../../fixtures/testbed/index.js";
import { topologyText } from "./report.js";
import { runSeed } from "./seed.js";

const skipReason = testbedSkipReason();
if (skipReason) console.warn(`bench/steering-accuracy: skipping: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("steering accuracy on seeded topologies, default policy", () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: on the best, moves within 2 cycles, no flips under jitter, off a dead link in one cycle, back after`, async () => {
      const { report } = await runSeed(seed, { timeScale: 0.1, resolvers: 48, keep: false, rt: 5 });
      console.log(topologyText(report));
      const failures: string[] = [];
      const want = (ok: boolean, what: string) => {
        if (!ok) failures.push(what);
      };
      const a = report.accuracy;
      want(a.exactPct >= 97, `exact on the best (margin > 1.5 ms) ${a.exactPct} % < 97 %`);
      want(a.within1msPct >= 99, `within 1 ms of the best ${a.within1msPct} % < 99 %`);
      want(
        report.pathChange.within2Cycles === report.pathChange.changes,
        `path changes moved within 2 cycles: ${report.pathChange.within2Cycles} of ${report.pathChange.changes}`,
      );
      want(report.jitter.flipsOverMargin === 0, `flips under ±20 % jitter of sources with margin > 3 ms: ${report.jitter.flipsOverMargin}`);
      const down = report.linkDown.afterOneCycle;
      want(down[4] === 0 && down[6] === 0, `answered with the downed provider after one cycle: ${down[4]} IPv4, ${down[6]} IPv6`);
      want(
        report.linkUp.returned === report.linkUp.shouldReturn,
        `back on the provider after link up: ${report.linkUp.returned} of ${report.linkUp.shouldReturn}`,
      );
      want(
        report.findings.spuriousFailovers.length === 0,
        `failovers while no link was down: ${JSON.stringify(report.findings.spuriousFailovers)}`,
      );
      expect(failures).toEqual([]);
    }, 600_000);
  }
});
