import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateTopology } from "../../fixtures/testbed/index.js";
import { Observer } from "./observe.js";
import { CI_LENGTHS, runPhases, type TopologyReport } from "./phases.js";
import { startWorld } from "./world.js";

export interface SeedOptions {
  timeScale: number;
  resolvers: number;
  /** Keep the run's folder (logs, database). */
  keep: boolean;
  /** SCHED_FIFO priority of the probing thread; undefined: none. */
  rt?: number;
  /** Called with the running world's stop, so a signal handler can take it down. */
  onWorld?: (stop: (() => Promise<void>) | undefined) => void;
}

/** One seeded topology end to end: testbed, serve + worker, every phase; everything started is stopped. */
export async function runSeed(seed: number, o: SeedOptions): Promise<{ report: TopologyReport; dir: string; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), `dnsteer-accuracy-${seed}-`));
  const topology = generateTopology(seed, { resolvers: o.resolvers });
  const started = Date.now();
  const world = await startWorld(topology, { timeScale: o.timeScale, dir, prefix: `dnst9s${seed}`, realtimePriority: o.rt });
  o.onWorld?.(() => world.stop());
  try {
    const report = await runPhases(world, new Observer(world, Math.max(100, world.cycleMs / 8)), CI_LENGTHS);
    return { report, dir, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    o.onWorld?.(undefined);
    await world.stop();
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}
