/**
 * How often the level-shift detector (src/path-summary.ts) claims a shift that is not there, and
 * how soon it finds one that is: windows of a path's samples with uniform per-packet jitter and
 * the testbed's timing error, 20 000 windows per line. Prints rates, asserts nothing.
 *
 *   node --conditions=source --import tsx packages/policy/bench/shift-calibration.ts
 */

import { seededRandom } from "../../../fixtures/random.js";
import { summarizePath } from "../src/path-summary.js";
import { gaussian } from "./model.js";

const WINDOWS = 20_000;
const rand = seededRandom(7);
const scratch = new Float64Array(64);
const out = { count: 0, level: 0, sd: 0, df: 0, shifted: false, trending: false };
const sample = (ms: number, jitter: number) => ms * (1 + jitter * (2 * rand() - 1)) + 0.1 + 0.15 * Math.abs(gaussian(rand));

/** Share of windows where a shift (or, with `trend`, a drift) is found; `make(i)` gives sample i of n. */
function shiftRate(n: number, make: (i: number) => number, trend = false): number {
  let found = 0;
  const x = new Float64Array(n);
  for (let k = 0; k < WINDOWS; k++) {
    for (let i = 0; i < n; i++) x[i] = make(i);
    summarizePath(x, n, scratch, out);
    if (trend ? out.trending : out.shifted) found++;
  }
  return found / WINDOWS;
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
console.log("false shifts, stationary path at 40 ms:");
for (const n of [15, 32]) {
  console.log(`  window ${n}: ` + [0, 0.05, 0.2].map((j) => `±${j * 100} % jitter ${pct(shiftRate(n, () => sample(40, j)))}`).join(", "));
}
console.log("false shifts, ±20 % jitter starting on a quiet path (window 15), after k jittered samples:");
console.log("  " + [1, 2, 3, 4, 6, 8].map((k) => `k=${k} ${pct(shiftRate(15, (i) => sample(40, i >= 15 - k ? 0.2 : 0)))}`).join(", "));
console.log("shifts found, the path 30 % slower for its newest m samples (window 15):");
for (const j of [0, 0.05, 0.2]) {
  console.log(
    `  ±${j * 100} % jitter: ` +
      [3, 4, 5, 6, 8].map((m) => `m=${m} ${pct(shiftRate(15, (i) => sample(i >= 15 - m ? 52 : 40, j)))}`).join(", "),
  );
}
console.log(
  "false drifts, stationary path at 40 ms, window 15: " +
    [0, 0.05, 0.2].map((j) => `±${j * 100} % jitter ${pct(shiftRate(15, () => sample(40, j), true))}`).join(", ") +
    `; ±20 % starting after 8 quiet samples ${pct(shiftRate(15, (i) => sample(40, i >= 8 ? 0.2 : 0), true))}`,
);
console.log(
  "drifts found, a path rising 1.7 ms per sample over its last 8 (window 15): " +
    [0, 0.05, 0.2]
      .map((j) => `±${j * 100} % jitter ${pct(shiftRate(15, (i) => sample(40 + 1.7 * Math.max(0, i - 7), j), true))}`)
      .join(", "),
);
