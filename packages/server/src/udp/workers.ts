import type { DecisionMap } from "@dnsteer/steering";
import type { ThreadHandle } from "@dnsteer/threads";
import { templateCacheCounts } from "../core/answer-template-cache.js";
import type { ServerSettingsInput } from "../core/settings.js";
import type { ZoneFile } from "../reload/zone-files.js";
import type { UdpListenerStats } from "./listener.js";
import { type UdpWorkerData, type UdpWorkerIn, type UdpWorkerOut, udpWorkerThread, type WorkerSteering } from "./worker-spec.js";

type Worker = ThreadHandle<UdpWorkerIn, UdpWorkerOut>;

/** A request to every worker, answered by a message carrying its id. */
interface Pending {
  left: number;
  results: UdpWorkerOut[];
  resolve: (results: UdpWorkerOut[]) => void;
}

/**
 * The extra UDP responder threads (worker 0 is the main thread's own listeners). Each binds its
 * own SO_REUSEPORT socket on the main thread's addresses and ports, so the kernel spreads
 * queries over all of them; reloads and decision maps are sent to all at once.
 */
export class UdpWorkers {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private readonly alive: Set<Worker>;

  private constructor(
    /** Worker number (1..) -> its thread. */
    private readonly threads: Map<number, Worker>,
    private readonly onFlow?: (records: Float64Array) => void,
    private readonly onAnswers?: (names: string[], counts: Float64Array) => void,
    private readonly onCounters?: (counts: Float64Array) => void,
  ) {
    this.alive = new Set(threads.values());
    for (const t of threads.values()) {
      t.onMessage((m) => this.settle(m));
      t.worker.once("exit", () => this.gone(t));
    }
  }

  /**
   * Starts `count` threads; resolves once each has answered or failed. One that fails (its zone
   * files no longer load, its socket does not bind) is stopped and reported through `onError`:
   * the main thread and the other workers answer, so the server still starts.
   */
  static async start(
    count: number,
    base: Omit<UdpWorkerData, "index" | "decisions">,
    decisions: DecisionMap | undefined,
    onError: (err: unknown) => void,
    onFlow?: (records: Float64Array) => void,
    onAnswers?: (names: string[], counts: Float64Array) => void,
    onCounters?: (counts: Float64Array) => void,
  ): Promise<UdpWorkers> {
    const threads: Worker[] = [];
    const ready: Array<Promise<void>> = [];
    for (let index = 1; index <= count; index++) {
      const thread = udpWorkerThread.start({ ...base, index, decisions: decisions?.toTransfer() });
      threads.push(thread);
      ready.push(
        new Promise<void>((resolve, reject) => {
          thread.onMessage((m) => {
            if (m.type === "ready") resolve();
            else if (m.type === "failed") reject(new Error(`UDP worker ${index}: ${m.error}`));
          });
          thread.worker.once("error", reject);
          thread.worker.once("exit", (code) => reject(new Error(`UDP worker ${index} exited (${code}) before it answered`)));
        }),
      );
      thread.worker.on("error", onError);
    }
    const outcomes = await Promise.allSettled(ready);
    const started = new Map<number, Worker>();
    for (const [i, outcome] of outcomes.entries()) if (outcome.status === "fulfilled") started.set(i + 1, threads[i]!);
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === "fulfilled") continue;
      onError(new Error(`${String((outcome.reason as Error)?.message ?? outcome.reason)}; answering without it`));
      await threads[i]!.stop({ type: "stop" }, 2000);
    }
    return new UdpWorkers(started, onFlow, onAnswers, onCounters);
  }

  /** Workers answering now. */
  get size(): number {
    return this.alive.size;
  }

  /** Every worker loads these zone files and swaps them in; resolves with the errors of those that failed. */
  async reload(zoneFiles: readonly ZoneFile[], settings: ServerSettingsInput): Promise<string[]> {
    const results = await this.ask((id) => ({ type: "reload", id, zoneFiles: [...zoneFiles], settings }));
    const failed = results.flatMap((m) => (m.type === "reloaded" && m.error !== undefined ? [m] : []));
    // A worker that could not load what the main thread loaded (a file changed in between) would
    // answer from other data: it stops, and the others (and the main thread) answer for it.
    for (const m of failed) await this.byIndex(m.type === "reloaded" ? m.index : -1)?.stop({ type: "stop" }, 2000);
    return failed.map((m) => (m.type === "reloaded" ? `UDP worker ${m.index} stopped: ${m.error}` : ""));
  }

  private byIndex(index: number): Worker | undefined {
    return this.threads.get(index);
  }

  /** Sends a new decision map to every worker (each rebuilds its steering view from it). */
  shareDecisions(map: DecisionMap, steering?: WorkerSteering, flowGroups?: Map<string, number>): void {
    for (const t of this.alive) t.post({ type: "decisions", transfer: map.toTransfer(), steering, flowGroups });
  }

  /** Each worker's listeners' counters, in worker order. */
  async stats(): Promise<UdpListenerStats[][]> {
    const results = await this.ask((id) => ({ type: "stats", id }));
    const byIndex = results.flatMap((m) => (m.type === "stats" ? [m] : [])).sort((a, b) => a.index - b.index);
    return byIndex.map((m) => m.listeners);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.threads.values()].map((t) => t.stop({ type: "stop" }, 2000)));
    for (const p of this.pending.values()) p.resolve(p.results);
    this.pending.clear();
  }

  private ask(message: (id: number) => UdpWorkerIn): Promise<UdpWorkerOut[]> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.alive.size === 0) return resolve([]);
      this.pending.set(id, { left: this.alive.size, results: [], resolve });
      for (const t of this.alive) t.post(message(id));
    });
  }

  /** A thread that ended answers nothing more: requests stop waiting for it. */
  private gone(t: Worker): void {
    if (!this.alive.delete(t)) return;
    for (const [id, p] of this.pending) {
      if (--p.left === 0) {
        this.pending.delete(id);
        p.resolve(p.results);
      }
    }
  }

  private settle(m: UdpWorkerOut): void {
    if (m.type === "flow") this.onFlow?.(m.records);
    else if (m.type === "answers") this.onAnswers?.(m.names, m.counts);
    else if (m.type === "counters") this.onCounters?.(m.counts);
    else if (m.type === "templates") addCounts(templateCacheCounts, m.counts);
    if (m.type !== "reloaded" && m.type !== "stats") return;
    const p = this.pending.get(m.id);
    if (!p) return;
    p.results.push(m);
    if (--p.left === 0) {
      this.pending.delete(m.id);
      p.resolve(p.results);
    }
  }
}

export type { WorkerSteering };

/** Adds a worker's reported cells (counting-handler or template cells: same layout) into this thread's. */
export function addCounts(into: Float64Array, add: Float64Array): void {
  const n = Math.min(into.length, add.length);
  for (let i = 0; i < n; i++) into[i]! += add[i]!;
}
