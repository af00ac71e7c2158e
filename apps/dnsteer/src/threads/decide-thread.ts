/**
 * Thread body: the controller loop. Reading every source and path aggregate, running the
 * policy and writing decisions is synchronous SQLite and CPU work; on the probing thread it
 * would stall reply timestamps (and so inflate measured RTTs). Here it stalls nothing.
 */
import { decideOnce } from "@dnsteer/control";
import { Store } from "@dnsteer/storage";
import { decideThread } from "./specs.js";

const { data, port } = decideThread.inThread();
// A stored row that does not read back is skipped (and rewritten by this evaluation): say so.
const store = Store.open(data.dbPath, { onCorruptRow: (message) => port.post({ type: "corrupt-row", message }) });

function decide(): void {
  try {
    const { sources, changed, switches, removed, storedPolicyError } = decideOnce(store, data.options, Date.now());
    if (storedPolicyError) port.post({ type: "stored-policy-ignored", error: storedPolicyError });
    port.post({ type: "decided", sources, changed, switches, removed });
  } catch (err) {
    port.post({ type: "failed", error: err instanceof Error ? err.message : String(err) });
  }
}

const timer = setInterval(decide, data.intervalMs);
port.onMessage(() => {
  clearInterval(timer);
  decide();
  store.close();
  port.close();
});
