/*
 * serve's background threads that died, as serve writes them (thread-restarts.ts) and
 * `dnsteer status` reads them: no prom-client, no fs here, so the CLI loads only this.
 */

/** In dataDir: serve's background threads that died, for `dnsteer status` (another process). */
export const THREAD_STATE_FILE = "responder-threads.json";

export interface ThreadDeath {
  restarts: number;
  lastError: string;
  /** What its death means until it is back. */
  consequence: string;
  lastAt: number;
}

/** The file's content: every thread that died since serve started (empty: none). */
export interface ThreadState {
  startedAt: number;
  threads: Record<string, ThreadDeath>;
}

/** `dnsteer status`'s line for the threads that died, or undefined when none did. */
export function threadDeathsLine(state: ThreadState, now: number): string | undefined {
  const dead = Object.entries(state.threads);
  if (dead.length === 0) return undefined;
  const parts = dead.map(
    ([thread, d]) =>
      `${thread} thread died ${d.restarts} time${d.restarts === 1 ? "" : "s"}, last ${Math.round((now - d.lastAt) / 1000)} s ago (${d.lastError}); ${d.consequence} while it is down`,
  );
  return `serve: ${parts.join("; ")}`;
}
