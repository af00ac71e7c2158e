import v8 from "node:v8";
import vm from "node:vm";

// `node --import tsx bench/flow/ingest.ts` has no --expose-gc; this turns it on from inside.
v8.setFlagsFromString("--expose-gc");
const collect = vm.runInNewContext("gc") as () => void;

/** Heap + array-buffer bytes after a full collection. */
export function liveBytes(): number {
  collect();
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Runs `ingest` on a fresh structure `rounds` times; best events/s (the first round warms the JIT). */
export function bestRate<T>(rounds: number, events: number, make: () => T, ingest: (x: T) => void): { rate: number; last: T } {
  let rate = 0;
  let last = make();
  for (let r = 0; r < rounds; r++) {
    if (r > 0) last = make();
    const start = process.hrtime.bigint();
    ingest(last);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rate = Math.max(rate, events / seconds);
  }
  return { rate, last };
}
