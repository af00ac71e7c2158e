import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildMessage } from "./server.js";

/** A DnsServer in a child process (test/child/server.ts), so its memory is its own. */
export class ChildServer {
  readonly process: ChildProcess;
  constructor(settings: object, env: Record<string, string> = {}) {
    this.process = fork(fileURLToPath(new URL("./server.ts", import.meta.url)), {
      execArgv: ["--conditions=source", "--import", "tsx", "--expose-gc"],
      env: { ...process.env, ...env, DNSTEER_TEST_SETTINGS: JSON.stringify(settings) },
    });
  }

  next<T extends ChildMessage["type"]>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve) => {
      const on = (m: ChildMessage) => {
        if (m.type !== type) return;
        this.process.off("message", on);
        resolve(m as Extract<ChildMessage, { type: T }>);
      };
      this.process.on("message", on);
    });
  }

  async reload(): Promise<Extract<ChildMessage, { type: "reloaded" }>> {
    const reply = this.next("reloaded");
    this.process.send({ type: "reload" });
    return reply;
  }

  async stats(): Promise<Extract<ChildMessage, { type: "stats" }>> {
    const reply = this.next("stats");
    this.process.send({ type: "stats" });
    return reply;
  }
}
