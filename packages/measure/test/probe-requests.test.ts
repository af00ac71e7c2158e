import type { ProbeKind } from "@dnsteer/probe";
import { Store } from "@dnsteer/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUEST_PROBES, runWorker } from "../src/index.js";
import { listenBoth, loopbackProvider, tempDir } from "./helpers.js";

/** The API's probe requests (`dnsteer measure ADDR`), carried out by the real worker on loopback. */
const tmp = tempDir();
let listener: Awaited<ReturnType<typeof listenBoth>>;
beforeAll(async () => {
  listener = await listenBoth();
});
afterAll(() => {
  listener.close();
  tmp.cleanup();
});

const config = (database: string) => ({
  database,
  providers: [loopbackProvider, { ...loopbackProvider, name: "lo-v4", sourceV6: null }],
  scope: { allow: ["127.0.0.0/8", "::1"] },
  schedule: { budgetPerSec: 100, minIntervalMs: 1000, kinds: ["icmp", "tcp"] as ProbeKind[] },
  probe: { timeoutMs: 300, tcpPort: listener.port },
  storage: { flushMs: 50 },
});

describe("probe requests", () => {
  it("probes a queued address through every provider and writes RTT and loss back; refuses one outside the scope", async () => {
    const db = tmp.file("requests.db");
    const api = Store.open(db); // what the API writes (it checks the scope first; this row skips that check)
    const v4 = api.admin.probeRequests.add("127.0.0.1", null, "key-1", Date.now());
    const v6 = api.admin.probeRequests.add("::1", null, "key-1", Date.now());
    const one = api.admin.probeRequests.add("127.0.0.1", "lo-v4", "key-1", Date.now());
    const outside = api.admin.probeRequests.add("192.0.2.1", null, "key-1", Date.now());
    const ac = new AbortController();
    const worker = runWorker(config(db), { signal: ac.signal });
    try {
      // No clock in the assertion: wait until the worker says every request is finished (the test's own timeout bounds it).
      while (api.admin.probeRequests.queued(10).length > 0) await new Promise((r) => setTimeout(r, 50));
    } finally {
      ac.abort();
      await worker;
    }
    const v4Done = api.admin.probeRequests.get(v4.id)!;
    expect(v4Done).toMatchObject({ status: "done", error: null });
    expect(v4Done.finishedAt).toBeGreaterThanOrEqual(v4.requestedAt);
    expect(v4Done.results!.map((r) => r.provider).sort()).toEqual(["lo", "lo-v4"]);
    for (const r of v4Done.results!) {
      expect(r).toMatchObject({ kind: "icmp", probes: REQUEST_PROBES, loss: 0, error: null });
      expect(r.rttMs).toBeGreaterThan(0);
      expect(r.rttMs).toBeLessThan(300);
    }
    const v6Done = api.admin.probeRequests.get(v6.id)!;
    expect(v6Done.status).toBe("done");
    expect(v6Done.results!.find((r) => r.provider === "lo")).toMatchObject({ kind: "tcp", probes: REQUEST_PROBES, loss: 0, error: null });
    expect(v6Done.results!.find((r) => r.provider === "lo-v4")).toMatchObject({ probes: 0, rttMs: null, error: "no IPv6 source address" });
    const oneDone = api.admin.probeRequests.get(one.id)!;
    expect(oneDone.results!.map((r) => r.provider)).toEqual(["lo-v4"]);
    const refused = api.admin.probeRequests.get(outside.id)!;
    expect(refused).toMatchObject({ status: "failed", results: null });
    expect(refused.error).toMatch(/192\.0\.2\.1 is (out-of-scope|special)/);
    // Results are not path samples: nothing of them entered a window.
    expect(api.listSamples({ source: "127.0.0.1" })).toEqual([]);
    api.close();
  }, 30_000);
});
