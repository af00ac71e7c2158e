// pnpm bench:zone [--records N] [--runs N] [--keep]
// Writes a zone of N A records (default 1,000,000) into a temp folder, then, alternating which
// goes first in each run: dnsteer's loader in a child process (load time, process wall time,
// peak RSS) and Knot (knotd started on the same file: time until it answers the SOA, its peak
// RSS). Prints both and the ratios; targets: dnsteer <= 10 s and <= 1 GB for 1M records.
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startKnot } from "../../fixtures/peers/knot.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const records = flag("--records", 1_000_000);
const runs = flag("--runs", 1);
const ORIGIN = "bench.test.";

interface Measure {
  /** What the reader cares about: dnsteer's loadZoneFile call; Knot's start until the SOA answers. */
  loadMs: number;
  /** Process start to done (dnsteer: node + tsx start, load, exit). */
  wallMs: number;
  /** CPU time the load used (all threads): steadier than wall time on a busy machine. */
  cpuMs: number;
  peakRssKb: number;
}

/** `$ORIGIN`, SOA, NS, then h0..h(N-1) A 10.x.y.z: the shape of a big host zone. */
async function writeZone(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write(`$ORIGIN ${ORIGIN}\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 900 1209600 300\n@ NS ns1\nns1 A 192.0.2.1\n`);
  let chunk = "";
  for (let i = 0; i < n; i++) {
    chunk += `h${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

async function dnsteer(file: string): Promise<Measure> {
  const start = performance.now();
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", join(here, "load-child.ts"), file], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on("exit", r));
  const wallMs = performance.now() - start;
  if (code !== 0) throw new Error(`dnsteer load exited with ${code}`);
  const r = JSON.parse(out) as { loadMs: number; cpuMs: number; peakRssKb: number; records: number };
  if (r.records !== records + 3) throw new Error(`dnsteer loaded ${r.records} records, expected ${records + 3}`);
  return { loadMs: r.loadMs, wallMs, cpuMs: r.cpuMs, peakRssKb: r.peakRssKb };
}

async function knot(file: string): Promise<Measure> {
  const start = performance.now();
  const server = await startKnot({ zones: [{ origin: ORIGIN, file }], startTimeoutMs: 300_000 });
  const loadMs = performance.now() - start;
  try {
    const peakRssKb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]);
    // utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux).
    const stat = readFileSync(`/proc/${server.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
    return { loadMs, wallMs: loadMs, cpuMs, peakRssKb };
  } finally {
    await server.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), "dnsteer-bench-zone-"));
try {
  const file = join(dir, "bench.zone");
  const t = performance.now();
  await writeZone(file, records);
  console.log(
    `zone: ${records} A records + SOA, NS, glue; ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB, written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  console.log(`load average before: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const mb = (kb: number) => Math.round(kb / 1024);
  console.log("run | dnsteer load s  cpu s  process s  peak MB | knot load s  cpu s  peak MB | d/k time  cpu   RSS");
  const all: Array<[Measure, Measure]> = [];
  const col = (v: string, w: number) => v.padStart(w);
  for (let run = 1; run <= runs; run++) {
    // Alternate the order so neither always gets the warmer page cache or the quieter moment.
    let d: Measure;
    let k: Measure;
    if (run % 2 === 1) {
      d = await dnsteer(file);
      k = await knot(file);
    } else {
      k = await knot(file);
      d = await dnsteer(file);
    }
    all.push([d, k]);
    console.log(
      `${col(String(run), 3)} | ${col(s(d.loadMs), 14)} ${col(s(d.cpuMs), 6)} ${col(s(d.wallMs), 10)} ${col(String(mb(d.peakRssKb)), 8)} | ` +
        `${col(s(k.loadMs), 11)} ${col(s(k.cpuMs), 6)} ${col(String(mb(k.peakRssKb)), 8)} | ` +
        `${col((d.loadMs / k.loadMs).toFixed(2), 8)} ${col((d.cpuMs / k.cpuMs).toFixed(2), 5)} ${col((d.peakRssKb / k.peakRssKb).toFixed(2), 5)}`,
    );
  }
  const best = (pick: (m: [Measure, Measure]) => number) => Math.min(...all.map(pick));
  console.log(
    `best: dnsteer ${s(best(([d]) => d.loadMs))} s (cpu ${s(best(([d]) => d.cpuMs))} s, process ${s(best(([d]) => d.wallMs))} s), ${mb(best(([d]) => d.peakRssKb))} MB; ` +
      `knot ${s(best(([, k]) => k.loadMs))} s (cpu ${s(best(([, k]) => k.cpuMs))} s), ${mb(best(([, k]) => k.peakRssKb))} MB`,
  );
  console.log("targets for 1M records: dnsteer load <= 10 s and peak RSS <= 1 GB (reported, not asserted)");
  console.log(`load average after: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
} finally {
  if (!args.includes("--keep")) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
