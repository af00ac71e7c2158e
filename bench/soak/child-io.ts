import type { ChildProcess } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";

/**
 * The load generators run as child processes inside the testbed's namespaces (a process cannot
 * change its network namespace from Node). The run asks each one for its figures by a line on
 * its stdin ("period", "final") and reads one JSON line back from its stdout.
 */
export type Ask = "period" | "final";

/**
 * In a generator: answer each request on stdin; "final" also stops the load, then the process
 * exits. Every answer also carries `lagP99Ms`, the p99 of the generator's own event-loop delay
 * since the last request: a starved generator reads replies late, which shows as latency and
 * loss of every server it drives alike.
 */
export function answerRequests(figures: (ask: Ask) => object, stop: () => void): void {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    const ask = line.trim() as Ask;
    if (ask !== "period" && ask !== "final") return;
    if (ask === "final") stop();
    const lagP99Ms = lag.percentile(99) / 1e6;
    lag.reset();
    process.stdout.write(`${JSON.stringify({ ...figures(ask), lagP99Ms })}\n`);
    if (ask === "final") setTimeout(() => process.exit(0), 200);
  });
  // The run went away: stop sending.
  lines.on("close", () => {
    stop();
    process.exit(0);
  });
}

/** In the run: a generator child, asked one request at a time. */
export class Generator {
  private readonly waiting: Array<(line: string) => void> = [];
  private readonly stderr: string[] = [];

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    createInterface({ input: child.stdout! }).on("line", (line) => this.waiting.shift()?.(line));
    child.stderr!.on("data", (d: Buffer) => {
      this.stderr.push(d.toString());
      if (this.stderr.length > 200) this.stderr.shift();
    });
  }

  alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    return this.stderr.join("");
  }

  /** The generator's JSON answer to `ask`; rejects when it does not answer within `timeoutMs`. */
  ask<T>(ask: Ask, timeoutMs = 30_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.alive()) return reject(new Error(`${this.name} generator exited:\n${this.log()}`));
      const answered = (line: string) => {
        clearTimeout(timer);
        resolve(JSON.parse(line) as T);
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(answered), 1);
        reject(new Error(`${this.name} generator did not answer "${ask}":\n${this.log()}`));
      }, timeoutMs);
      this.waiting.push(answered);
      this.child.stdin!.write(`${ask}\n`);
    });
  }
}
