/**
 * Why the switching rule is Welch's t on the paths' trimmed levels, read with its degrees of
 * freedom (src/path-summary.ts, src/confidence.ts), and not the same t read as a plain z, nor a
 * rank test: all three judge the same synthetic pairs (incumbent, challenger) at the policy's
 * default confidence, 20 000 pairs per line. "sure" = the test says
 * the challenger is faster with that confidence. Prints rates, asserts nothing.
 *
 *   node --conditions=source --import tsx packages/policy/bench/test-choice.ts
 */

import { seededRandom } from "../../../fixtures/random.js";
import { tToZ } from "../src/confidence.js";
import { DEFAULT_POLICY_CONFIG } from "../src/index.js";
import { normalQuantile } from "../src/normal.js";
import { summarizePath } from "../src/path-summary.js";
import { gaussian } from "./model.js";

const PAIRS = 20_000;
const rand = seededRandom(11);
const zSure = normalQuantile(DEFAULT_POLICY_CONFIG.confidence);
const scratch = new Float64Array(64);
const summary = { count: 0, level: 0, sd: 0, df: 0, shifted: false, trending: false };
const sample = (ms: number, jitter: number) => ms * (1 + jitter * (2 * rand() - 1)) + 0.1 + 0.15 * Math.abs(gaussian(rand));

/** The policy's z that `b` (challenger) is faster than `a` (incumbent); `plain`: t read as z (no degrees of freedom). */
function zPolicy(a: Float64Array, b: Float64Array, plain: boolean): number {
  summarizePath(a, a.length, scratch, summary);
  const [la, va, dfa] = [summary.level, summary.sd ** 2 / summary.count, summary.df];
  summarizePath(b, b.length, scratch, summary);
  const vb = summary.sd ** 2 / summary.count;
  const t = (la - summary.level) / Math.sqrt(va + vb);
  return plain ? t : tToZ(t, (va + vb) ** 2 / ((va * va) / dfa + (vb * vb) / summary.df));
}

/** Mann–Whitney U's z (normal approximation, continuity-corrected) that `a` is stochastically larger. */
function zRank(a: Float64Array, b: Float64Array): number {
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  const n = a.length;
  const m = b.length;
  return (u - (n * m) / 2 - 0.5) / Math.sqrt((n * m * (n + m + 1)) / 12);
}

interface Case {
  name: string;
  incumbent: (i: number) => number;
  challenger: () => number;
  n: number;
}
const cases: Case[] = [
  { name: "tie, ±20 % jitter at 40 ms", incumbent: () => sample(40, 0.2), challenger: () => sample(40, 0.2), n: 15 },
  { name: "challenger 3 ms slower, ±20 % at 40 ms", incumbent: () => sample(40, 0.2), challenger: () => sample(43, 0.2), n: 15 },
  { name: "challenger 1.8 ms faster, no jitter", incumbent: () => sample(41.8, 0), challenger: () => sample(40, 0), n: 15 },
  { name: "challenger 3 ms faster, ±5 % at 40 ms", incumbent: () => sample(43, 0.05), challenger: () => sample(40, 0.05), n: 15 },
  { name: "challenger 10 ms faster, ±20 % at 40 ms", incumbent: () => sample(50, 0.2), challenger: () => sample(40, 0.2), n: 15 },
  {
    name: "incumbent +30 % for its last 4 of 15, no jitter (challenger 3 ms behind its new level)",
    incumbent: (i) => sample(i >= 11 ? 26 : 20, 0),
    challenger: () => sample(23, 0),
    n: 15,
  },
  {
    name: "incumbent +30 % for its last 4 of 15, ±5 %",
    incumbent: (i) => sample(i >= 11 ? 26 : 20, 0.05),
    challenger: () => sample(23, 0.05),
    n: 15,
  },
];

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
console.log(
  `confidence ${DEFAULT_POLICY_CONFIG.confidence} (z >= ${zSure.toFixed(2)}): share of pairs where the challenger is declared faster`,
);
console.log(`${"case".padEnd(92)}    policy  t read as z   rank test`);
for (const c of cases) {
  let policy = 0;
  let plain = 0;
  let rank = 0;
  const a = new Float64Array(c.n);
  const b = new Float64Array(c.n);
  for (let k = 0; k < PAIRS; k++) {
    for (let i = 0; i < c.n; i++) a[i] = c.incumbent(i);
    for (let i = 0; i < c.n; i++) b[i] = c.challenger();
    if (zPolicy(a, b, false) >= zSure) policy++;
    if (zPolicy(a, b, true) >= zSure) plain++;
    // The rank test compares the incumbent's newest samples when they shifted (as the policy's regime does).
    summarizePath(a, c.n, scratch, summary);
    if (zRank(a.subarray(c.n - summary.count), b) >= zSure) rank++;
  }
  console.log(
    `${c.name.padEnd(92)} ${pct(policy / PAIRS).padStart(9)}   ${pct(plain / PAIRS).padStart(9)}   ${pct(rank / PAIRS).padStart(9)}`,
  );
}
