/**
 * Worker-thread body: the controller loop. Reading every source and path aggregate, running
 * the policy and writing decisions is synchronous SQLite and CPU work; on the probing thread it
 * would stall reply timestamps (and so inflate measured RTTs). Here it stalls nothing.
 */
import { parentPort, workerData } from "node:worker_threads";
import { decideOnce, type ControlOptions } from "@dnsteer/control";
import { Store } from "@dnsteer/storage";

interface DecideData {
  dbPath: string;
  intervalMs: number;
  options: ControlOptions;
}

const { dbPath, intervalMs, options } = workerData as DecideData;
const store = Store.open(dbPath);

function decide(): void {
  try {
    const { sources, changed, removed } = decideOnce(store, options, Date.now());
    parentPort!.postMessage({ ok: true, sources, changed, removed });
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}

const timer = setInterval(decide, intervalMs);
parentPort!.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  decide();
  store.close();
  process.exit(0);
});
