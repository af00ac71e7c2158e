import { DecisionMap } from "@dnsteer/steering";
import { refreshThread, STOP } from "../threads/specs.js";

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
  const thread = refreshThread.start({ dbPath: options.dbPath, providers: options.providers, intervalMs: options.intervalMs });
  thread.onMessage((m) => options.onMap(DecisionMap.fromTransfer(m.transfer), m.version));
  thread.worker.on("error", options.onError);
  thread.worker.unref();
  return () => thread.stop(STOP);
}
