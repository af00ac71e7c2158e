import { existsSync, readFileSync } from "node:fs";
import type { Logger } from "pino";
import type { SupervisorState } from "./state.js";

/** How long to wait for the children of a supervisor that was killed to stop (orphan.ts: ~1 s). */
const WAIT_MS = 15_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A pid can be reused: only a dnsteer process counts.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "latin1").includes("dnsteer");
  } catch {
    return false;
  }
}

/**
 * A `dnsteer up` killed with SIGKILL leaves its state file naming children that may still be
 * stopping (they notice within a second that their supervisor is gone, orphan.ts). Starting
 * new children before they have let go of the ports would fail with EADDRINUSE: wait for them,
 * bounded, and say so.
 */
export async function awaitPreviousRun(statePath: string, log: Logger): Promise<void> {
  if (!existsSync(statePath)) return;
  let previous: SupervisorState;
  try {
    previous = JSON.parse(readFileSync(statePath, "utf8")) as SupervisorState;
  } catch {
    return; // written by temp file and rename, so not half a file; anything else is not ours to read
  }
  if (previous.pid === process.pid) return;
  const left = previous.children.filter((c) => c.pid !== null && alive(c.pid));
  if (left.length === 0) return;
  const names = left.map((c) => `${c.name} (pid ${c.pid})`).join(", ");
  log.warn(
    { previous: previous.pid },
    `the previous dnsteer up (pid ${previous.pid}) ended without stopping ${names}; waiting for them to stop`,
  );
  const end = Date.now() + WAIT_MS;
  while (left.some((c) => alive(c.pid!)) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  const still = left.filter((c) => alive(c.pid!));
  if (still.length > 0) log.warn(`still running after ${WAIT_MS / 1000} s: ${still.map((c) => `${c.name} (pid ${c.pid})`).join(", ")}`);
}
