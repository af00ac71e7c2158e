/**
 * One path's recent answered samples (oldest first) reduced to what comparisons need: the samples
 * of its current regime — those since its last level shift — their robust level, and the path's
 * noise. Older samples describe a path that no longer exists (a route change), so they must not
 * hold its estimate back; the noise is still learned from the whole window, so two samples after
 * a shift already carry a usable standard error.
 */
export interface PathSummary {
  /** Samples in the current regime (the newest ones); for a trend, the count a mean as certain as its newest value would need. */
  count: number;
  /** 10 %-trimmed mean of the regime, ms. */
  level: number;
  /** Standard deviation of one sample within regimes, ms (never below SD_FLOOR_MS). */
  sd: number;
  /** Degrees of freedom `sd` was estimated with. */
  df: number;
  /** True when a level shift was found: the regime is the window's tail. */
  shifted: boolean;
  /** True when the regime drifts steadily: the level is the trend's value at the newest sample. */
  trending: boolean;
}

/**
 * A level shift is accepted when "the newest m samples vs the ones before" reaches this t. Its
 * maximum over every split of a stationary window stays below it in ≥ 99.9 % of windows of 15–32
 * samples under ±20 % uniform per-packet jitter, also right after such jitter starts on a quiet path
 * (bench/shift-calibration.ts).
 */
export const SHIFT_T = 5;
/** ...and moves the level by at least this fraction: slower drifts are averaged in, not split off. */
export const SHIFT_MIN_RATIO = 0.1;
/**
 * A shift needs this many samples after it: one delayed reply is not a new path, and the new
 * level's own spread must be seen (two jittered samples that happen to agree look like a shift).
 * The scheduler re-probes a surprising sample at once (measure README), so on a quiet path the
 * third sample follows the first within about a second.
 */
export const SHIFT_MIN_SAMPLES = 3;
/** ...and this many before it, to say what it shifted from. */
const SHIFT_MIN_BEFORE = 3;
/**
 * A regime drifts (a path degrading slowly) when its least-squares slope over sample order has a
 * t of at least this and moves the level by >= SHIFT_MIN_RATIO across the regime; its level is then
 * the trend's value at the newest sample, not the regime's average, which lags half a window.
 * At 6, ±20 % jitter starting on a quiet path fakes a drift on 0.07 % of paths (as many as it
 * fakes shifts), while a 1.7 ms-per-sample rise without jitter is always found (bench/shift-calibration.ts);
 * the simulation's 10-cycle ramp is followed 5 cycles after the truth crosses over (7-8 without).
 */
export const TREND_T = 6;
const TREND_MIN_SAMPLES = 6;
/**
 * Floor of the per-sample noise, ms: timestamps here are good to ~0.1–0.2 ms (measure README), so
 * identical samples (µs rounding, synthetic inputs) must not claim infinite precision.
 */
export const SD_FLOOR_MS = 0.1;
/** Share trimmed from each end for the level (≥ 10 samples): a delayed reply moves it little. */
const TRIM = 0.1;

/** χ² 1 % quantiles for 1..10 degrees of freedom (Wilson–Hilferty is poor below 10). */
const CHI2_01 = [NaN, 0.000157, 0.0201, 0.1148, 0.2971, 0.5543, 0.8721, 1.239, 1.6465, 2.0879, 2.5582];

/**
 * A spread measured on m samples, times this, is its one-sided 99 % upper bound: √(k / χ²₀.₀₁(k)),
 * k = m − 1. Three samples that happen to agree claim little: their spread counts 10 times, four 5
 * times. With the 95 % bound, ±20 % jitter starting on a quiet path faked a shift on 0.4 % of
 * paths; with this one on 0.06 % (bench/shift-calibration.ts).
 */
export function upperSpreadFactor(m: number): number {
  return m < FACTORS.length ? FACTORS[m]! : spreadFactor(m);
}

function spreadFactor(m: number): number {
  const k = m - 1;
  if (k < 1) return Infinity;
  const q = k < CHI2_01.length ? CHI2_01[k]! : k * (1 - 2 / (9 * k) - 2.3263 * Math.sqrt(2 / (9 * k))) ** 3;
  return Math.sqrt(k / q);
}

/** upperSpreadFactor for windows up to 256 samples, computed once: the scan asks for it at every split. */
const FACTORS = Float64Array.from({ length: 257 }, (_, m) => spreadFactor(m));

/**
 * Fills `out` from `samples[0..n)`; `scratch` must hold n numbers. n = 0 gives count 0, level NaN.
 * Noise is the larger of the pooled within-segment spread and the newest segment's own (at its
 * 99 % upper bound): a path whose jitter just grew must not be judged by the calm of its past.
 */
export function summarizePath(samples: ArrayLike<number>, n: number, scratch: Float64Array, out: PathSummary): void {
  out.shifted = false;
  out.trending = false;
  if (n === 0) {
    out.count = 0;
    out.level = NaN;
    out.sd = SD_FLOOR_MS;
    out.df = 0;
    return;
  }
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const v = samples[i]!;
    sum += v;
    squares += v * v;
  }
  let start = 0;
  let noise = n > 1 ? Math.sqrt(Math.max(0, squares - (sum * sum) / n) / (n - 1)) : 0;
  let bestT = SHIFT_T;
  let tailSum = 0;
  let tailSquares = 0;
  for (let m = 1; m <= n - SHIFT_MIN_BEFORE; m++) {
    const v = samples[n - m]!;
    tailSum += v;
    tailSquares += v * v;
    if (m < SHIFT_MIN_SAMPLES) continue;
    const k = n - m;
    const tailMean = tailSum / m;
    const headMean = (sum - tailSum) / k;
    const step = Math.abs(tailMean - headMean);
    if (step < SHIFT_MIN_RATIO * headMean) continue; // the cheap test first: most splits stop here
    const tailSs = Math.max(0, tailSquares - tailSum * tailMean);
    const headSs = Math.max(0, squares - tailSquares - (sum - tailSum) * headMean);
    const sd = Math.max(SD_FLOOR_MS, Math.sqrt((tailSs + headSs) / (n - 2)), Math.sqrt(tailSs / (m - 1)) * upperSpreadFactor(m));
    const t = step / (sd * Math.sqrt(1 / m + 1 / k));
    if (t >= bestT) {
      bestT = t;
      start = k;
      noise = sd;
    }
  }
  out.shifted = start > 0;
  out.count = n - start;
  out.sd = Math.max(SD_FLOOR_MS, noise);
  out.df = Math.max(1, out.shifted ? n - 2 : n - 1);
  out.level = trimmedMean(samples, start, n, scratch);
  if (out.count >= TREND_MIN_SAMPLES) trend(samples, start, n, out);
}

/** Replaces the regime's level by its trend's newest value when it drifts (TREND_T); its error grows to match. */
function trend(samples: ArrayLike<number>, from: number, to: number, out: PathSummary): void {
  const m = to - from;
  const xMean = (m - 1) / 2;
  const sxx = (m * (m * m - 1)) / 12;
  let yMean = 0;
  for (let i = from; i < to; i++) yMean += samples[i]!;
  yMean /= m;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < m; i++) {
    const dy = samples[from + i]! - yMean;
    sxy += (i - xMean) * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  if (Math.abs(slope) * (m - 1) < SHIFT_MIN_RATIO * yMean) return;
  let residualSd = Math.max(SD_FLOOR_MS, Math.sqrt(Math.max(0, syy - slope * sxy) / (m - 2)));
  // Jitter that just grew must not look like a drift: the newer half's own residual spread counts
  // when it is the larger. (Not at its 99 % bound as for shifts: a ramp that starts mid-regime
  // bends the line, and that bound then hid every real drift.)
  const half = m >> 1;
  let newer = 0;
  for (let i = m - half; i < m; i++) newer += (samples[from + i]! - yMean - slope * (i - xMean)) ** 2;
  residualSd = Math.max(residualSd, Math.sqrt(newer / (half - 1)));
  if (Math.abs(slope) * Math.sqrt(sxx) < TREND_T * residualSd) return;
  out.trending = true;
  out.level = yMean + slope * xMean;
  out.sd = residualSd;
  out.df = m - 2;
  // The newest value of a fitted line is less certain than a mean: its variance is sd² (1/m + xMean²/sxx).
  out.count = 1 / (1 / m + (xMean * xMean) / sxx);
}

/** Mean of samples[from..to) without the lowest and highest TRIM share (insertion sort: n is small). */
function trimmedMean(samples: ArrayLike<number>, from: number, to: number, scratch: Float64Array): number {
  const len = to - from;
  for (let i = 0; i < len; i++) {
    const v = samples[from + i]!;
    let j = i - 1;
    while (j >= 0 && scratch[j]! > v) {
      scratch[j + 1] = scratch[j]!;
      j--;
    }
    scratch[j + 1] = v;
  }
  const cut = Math.floor(TRIM * len);
  let total = 0;
  for (let i = cut; i < len - cut; i++) total += scratch[i]!;
  return total / (len - 2 * cut);
}
