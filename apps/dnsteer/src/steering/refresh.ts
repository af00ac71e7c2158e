import { DecisionMap, type DecisionMapTransfer } from "@dnsteer/steering";
import { startThread, stopThread } from "../threads/start.js";

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
  const worker = startThread(new URL("./refresh-thread.ts", import.meta.url), {
    dbPath: options.dbPath, providers: options.providers, intervalMs: options.intervalMs,
  });
  worker.on("message", (m: { version: number; transfer: DecisionMapTransfer }) => {
    options.onMap(DecisionMap.fromTransfer(m.transfer), m.version);
  });
  worker.on("error", options.onError);
  worker.unref();
  return () => stopThread(worker);
}
