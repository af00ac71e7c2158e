// Entry point of the measurement worker as its own process, so a probe bug never takes DNS down:
//   node --conditions=source --import tsx packages/measure/src/worker-main.ts /etc/dnsteer/worker.json
// Logs one JSON object per line on stdout. SIGTERM/SIGINT stop it gracefully (flush, close).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { runWorker } from "./worker.js";

// "started" and "stopped" carry the process's CPU time (all threads), so a bench can compute the
// CPU share of the measuring itself, without start-up (TypeScript compilation) in it.
const log = (e: { event?: unknown; [key: string]: unknown }) => {
  const cpu = e.event === "started" || e.event === "stopped" ? process.cpuUsage() : undefined;
  process.stdout.write(JSON.stringify({ t: Date.now(), ...e, ...(cpu && { cpuUserUs: cpu.user, cpuSystemUs: cpu.system }) }) + "\n");
};

async function main(): Promise<number> {
  const path = process.argv[2];
  if (!path) {
    process.stderr.write("usage: worker-main <config.json>\n");
    return 2;
  }
  const config = JSON.parse(readFileSync(path, "utf8")) as { database?: unknown };
  // A relative database path is relative to the config file, not to wherever we were started.
  if (typeof config.database === "string") config.database = resolve(dirname(path), config.database);
  const abort = new AbortController();
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.once(sig, () => {
      log({ event: "signal", signal: sig });
      abort.abort();
    });
  }
  await runWorker(config as Parameters<typeof runWorker>[0], { signal: abort.signal, log });
  return 0;
}

main().then(
  (code) => {
    // CPU time of the whole run: the bench reports probes/s at a CPU share from this.
    const cpu = process.cpuUsage();
    log({ event: "exit", cpuUserUs: cpu.user, cpuSystemUs: cpu.system, uptimeMs: Math.round(process.uptime() * 1000) });
    process.exitCode = code;
  },
  (err: unknown) => {
    log({ event: "fatal", error: String(err), code: (err as { code?: string }).code });
    process.exitCode = 1;
  },
);
