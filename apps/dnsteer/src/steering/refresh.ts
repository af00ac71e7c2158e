import { DecisionMap } from "@dnsteer/steering";
import { SupervisedThread } from "@dnsteer/threads";
import { refreshThread, STOP } from "../threads/specs.js";

export interface DecisionRefreshOptions {
  dbPath: string;
  /** Provider names, in the order the decision map indexes them. */
  providers: string[];
  /** How often the thread polls the store's decision version; changes reach answers within this. */
  intervalMs: number;
  onMap: (map: DecisionMap, version: number) => void;
  /** The thread died: answers keep the map in force; it is started again after `restartInMs` and reads the whole map anew. */
  onCrash: (err: Error, restartInMs: number) => void;
}

/** Start the decision-refresh thread (supervised: started again when it dies); returns a function that stops it. */
export function startDecisionRefresh(options: DecisionRefreshOptions): () => Promise<void> {
  const thread = new SupervisedThread(
    refreshThread,
    () => ({ dbPath: options.dbPath, providers: options.providers, intervalMs: options.intervalMs }),
    {
      attach: (t) => t.onMessage((m) => options.onMap(DecisionMap.fromTransfer(m.transfer), m.version)),
      onCrash: options.onCrash,
      unref: true,
    },
  );
  return () => thread.stop(STOP);
}
