/**
 * A stable merge sort done in steps: each `next()` of the generator does about `stepSize`
 * comparisons' worth of work (sorting one run, or merging `stepSize` elements), so a caller can
 * give the event loop back between steps while 100k rows are ranked. The result is the generator's
 * return value; `rows` is not changed. No I/O.
 */
export function* sortInSteps<T>(rows: readonly T[], compare: (a: T, b: T) => number, stepSize: number): Generator<void, T[]> {
  let from = rows.slice();
  const n = from.length;
  const run = Math.max(1, stepSize);
  for (let start = 0; start < n; start += run) {
    const sorted = from.slice(start, start + run).sort(compare);
    for (let i = 0; i < sorted.length; i++) from[start + i] = sorted[i]!;
    yield;
  }
  let to = new Array<T>(n);
  let budget = run;
  for (let width = run; width < n; width *= 2) {
    for (let left = 0; left < n; left += 2 * width) {
      const mid = Math.min(left + width, n);
      const end = Math.min(left + 2 * width, n);
      let i = left;
      let j = mid;
      for (let k = left; k < end; k++) {
        // Ties take the left run's element first: stable.
        if (i < mid && (j >= end || compare(from[i]!, from[j]!) <= 0)) to[k] = from[i++]!;
        else to[k] = from[j++]!;
        if (--budget === 0) {
          budget = run;
          yield;
        }
      }
    }
    [from, to] = [to, from];
  }
  return from;
}
