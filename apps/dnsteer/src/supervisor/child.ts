import { type ChildProcess, spawn } from "node:child_process";
import type { Logger } from "pino";
import { SUPERVISOR_PID_ENV } from "./orphan.js";
import type { ChildState } from "./state.js";

/** Restart delays: 1 s doubling to 30 s; a run that lasted a minute resets them. */
export const BACKOFF = { firstMs: 1000, maxMs: 30_000, healthyAfterMs: 60_000 } as const;

/** The delay before restart number `failuresInARow` (1-based). */
export function backoffMs(failuresInARow: number): number {
  return Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, failuresInARow - 1));
}

/**
 * One supervised process: started with `args` after the same node and entry as `dnsteer up`,
 * restarted with backoff whenever it ends while the supervisor is not stopping.
 */
export class SupervisedChild {
  readonly state: ChildState;
  private proc: ChildProcess | undefined;
  private stopping = false;
  private failuresInARow = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    name: string,
    private readonly args: readonly string[],
    private readonly log: Logger,
    private readonly onChange: (child: SupervisedChild) => void,
    /** Its first run ended with exit status 2 (a startup error it has printed): restarting cannot help. */
    private readonly onStartupError: (child: SupervisedChild) => void,
  ) {
    this.state = { name, pid: null, state: "stopped", startedAt: null, restarts: 0, lastError: null };
  }

  start(): void {
    const proc = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...this.args], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, [SUPERVISOR_PID_ENV]: String(process.pid) },
    });
    this.proc = proc;
    Object.assign(this.state, { pid: proc.pid ?? null, state: "running", startedAt: Date.now() });
    this.log.info({ child: this.state.name, pid: proc.pid }, `${this.state.name} started`);
    this.onChange(this);
    proc.once("exit", (code, signal) => this.exited(code, signal));
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    const how = signal ? `signal ${signal}` : `exit ${code}`;
    this.proc = undefined;
    this.state.pid = null;
    if (this.stopping) {
      this.state.state = "stopped";
      this.onChange(this);
      return;
    }
    const ranMs = Date.now() - (this.state.startedAt ?? Date.now());
    if (code === 2 && this.state.restarts === 0 && ranMs < BACKOFF.healthyAfterMs) {
      Object.assign(this.state, { state: "stopped", lastError: "startup error (exit 2)" });
      this.onChange(this);
      this.onStartupError(this);
      return;
    }
    this.failuresInARow = ranMs >= BACKOFF.healthyAfterMs ? 1 : this.failuresInARow + 1;
    const delay = backoffMs(this.failuresInARow);
    Object.assign(this.state, { state: "restarting", lastError: how, restarts: this.state.restarts + 1 });
    this.log.error(
      { child: this.state.name, how, ranMs, restartInMs: delay },
      `${this.state.name} ended (${how}); restarting in ${delay / 1000} s`,
    );
    this.onChange(this);
    this.timer = setTimeout(() => this.start(), delay);
  }

  signal(sig: NodeJS.Signals): void {
    this.proc?.kill(sig);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const proc = this.proc;
    if (!proc) {
      this.state.state = this.state.state === "not started" ? "not started" : "stopped";
      return;
    }
    const gone = new Promise<void>((r) => proc.once("exit", () => r()));
    proc.kill("SIGTERM");
    const kill = setTimeout(() => proc.kill("SIGKILL"), graceMs);
    await gone;
    clearTimeout(kill);
  }
}
