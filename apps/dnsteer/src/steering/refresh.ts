import { Worker } from "node:worker_threads";
import { DecisionMap, type DecisionMapTransfer } from "@dnsteer/steering";

export interface DecisionRefreshOptions {
  dbPath: string;
  /** Provider names, in the order the decision map indexes them. */
  providers: string[];
  /** How often the thread polls the store's decision version; changes reach answers within this. */
  intervalMs: number;
  onMap: (map: DecisionMap, version: number) => void;
  onError: (err: unknown) => void;
}

/** Start the decision-refresh thread; returns a function that stops it. */
export function startDecisionRefresh(options: DecisionRefreshOptions): () => Promise<void> {
  const entry = new URL("./refresh-thread.ts", import.meta.url).href;
  const worker = new Worker(new URL("./thread-bootstrap.mjs", import.meta.url), {
    workerData: { entry, dbPath: options.dbPath, providers: options.providers, intervalMs: options.intervalMs },
  });
  worker.on("message", (m: { version: number; transfer: DecisionMapTransfer }) => {
    options.onMap(DecisionMap.fromTransfer(m.transfer), m.version);
  });
  worker.on("error", options.onError);
  worker.unref();
  return async () => {
    worker.postMessage("stop");
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 1000);
      worker.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  };
}
