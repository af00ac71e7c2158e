import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store } from "@dnsteer/storage";
import { afterAll, describe, expect, it } from "vitest";
import { probingFingerprint, watchProbingProviders } from "../src/reload/worker-live.js";

/**
 * The worker's watch of the providers table on a real SQLite file: a provider's probing
 * settings changed through the API (an override, then a sync, as the API's PATCH does) make
 * the watch call back, so the measurement loop restarts with them; a change the loop does
 * not read at start (an answer address) does not.
 */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-worker-live-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const provider = (name: string, serviceA: string) => ({
  name,
  enabled: true,
  sourceV4: "127.0.0.1",
  sourceV6: null,
  device: null,
  serviceA: [serviceA],
  serviceAAAA: [],
  pricePerMbps: 0,
  commitMbps: 0,
  priceAboveCommit: 0,
  billingPercentile: 95,
  capacityMbps: null,
});
const providers = [provider("a", "198.51.100.1"), provider("b", "198.51.100.2")];

describe("watchProbingProviders", () => {
  it("calls back when a provider's source or enabled state changes in the store, not for its answer addresses", async () => {
    const database = join(dir, "dnsteer.sqlite");
    const store = Store.open(database);
    store.syncProviders(providers);
    let calls = 0;
    const stop = watchProbingProviders(database, () => calls++);
    try {
      const before = probingFingerprint(store);
      store.admin.providerOverrides.put("a", { serviceA: ["198.51.100.9"] }, Date.now());
      store.syncProviders(providers);
      expect(probingFingerprint(store)).toBe(before);
      store.admin.providerOverrides.put("b", { sourceV4: "127.0.0.2", enabled: false }, Date.now());
      store.syncProviders(providers);
      expect(probingFingerprint(store)).not.toBe(before);
      const end = Date.now() + 60_000;
      while (calls === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(calls).toBe(1);
    } finally {
      stop();
      store.close();
    }
  }, 90_000);
});
