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

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** One timed run: events per wall second and per CPU second of this process (the machine is shared). */
export function timed(events: number, run: () => void): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  run();
  const wallSeconds = Number(process.hrtime.bigint() - wall0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { wall: events / wallSeconds, cpu: events / ((cpu.user + cpu.system) / 1e6) };
}

/** Bytes a structure holds once built: live bytes with it minus without it. */
export function retainedBytes<T>(build: () => T): { bytes: number; value: T } {
  const before = liveBytes();
  const value = build();
  return { bytes: liveBytes() - before, value };
}
