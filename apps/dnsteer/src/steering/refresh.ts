import { DecisionMap } from "@dnsteer/steering";
import { SupervisedThread } from "@dnsteer/threads";
import { type MapRefresh, refreshThread, STOP } from "../threads/specs.js";

export interface DecisionRefreshOptions {
  dbPath: string;
  /** Provider names, in the order the decision map indexes them. */
  providers: string[];
  /** How often the thread polls the store's decision version; changes reach answers within this. */
  intervalMs: number;
  /** Each new map, with its version and how it was made (patched or read whole, and in how many ms). */
  onMap: (map: DecisionMap, refresh: MapRefresh) => void;
  /** The thread died: answers keep the map in force; it is started again after `restartInMs` and reads the whole map anew. */
  onCrash: (err: Error, restartInMs: number) => void;
}

/** Start the decision-refresh thread (supervised: started again when it dies); returns a function that stops it. */
export function startDecisionRefresh(options: DecisionRefreshOptions): () => Promise<void> {
  const thread = new SupervisedThread(
    refreshThread,
    () => ({ dbPath: options.dbPath, providers: options.providers, intervalMs: options.intervalMs }),
    {
      attach: (t) => t.onMessage((m) => options.onMap(DecisionMap.fromTransfer(m.transfer), { version: m.version, how: m.how, ms: m.ms })),
      onCrash: options.onCrash,
      unref: true,
    },
  );
  return () => thread.stop(STOP);
}
