import { execFile } from "node:child_process";

/**
 * Puts the calling process's main thread (the one that sends probes and stamps replies; its
 * thread id is the PID) under SCHED_FIFO at `priority`, with util-linux `chrt -p`, which changes that
 * one thread only. Called after the SQLite writer thread exists, so the writer (and V8's helper
 * threads, created at start-up) stay under the normal scheduler: a commit at real-time priority
 * would hold a core the probing thread may need. Needs CAP_SYS_NICE; the kernel's RT throttling
 * (sched_rt_runtime_us) still leaves 5% to everything else. Resolves with the error text on failure.
 */
export function setMainThreadRealtime(priority: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile("chrt", ["-f", "-p", String(priority), String(process.pid)], { timeout: 5000 }, (err, _out, stderr) => {
      resolve(err ? stderr.trim() || String(err) : null);
    });
  });
}
