import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store } from "@dnsteer/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, stop } from "./run.js";

/**
 * `dnsteer worker` applies a reload without a restart (same process): SIGHUP after a policy
 * change restarts its controller thread with the new policy; a provider's new source address
 * restarts the measurement loop (one that is not local: back to the settings that ran), as
 * does a provider changed in the store (the API's way); a key only a restart applies is
 * named. TCP probes on loopback.
 */
function provider(name: string, serviceA: string) {
  return {
    name,
    enabled: true,
    sourceV4: "127.0.0.1",
    sourceV6: null as string | null,
    device: null,
    serviceA: [serviceA],
    serviceAAAA: [],
    pricePerMbps: 0,
    commitMbps: 0,
    priceAboveCommit: 0,
    billingPercentile: 95,
    capacityMbps: null,
  };
}

const dir = mkdtempSync(join(tmpdir(), "dnsteer-worker-reload-"));
const configFile = join(dir, "dnsteer.json");
let worker: ChildProcess;
let log = "";
const config = {
  listen: [{ address: "127.0.0.1", port: 5399 }],
  dataDir: dir,
  metrics: { listen: null },
  log: { level: "info" },
  providers: [provider("isp-a", "203.0.113.80"), provider("isp-b", "198.51.100.80")],
  measure: {
    scope: { allow: ["127.0.0.0/8"] },
    schedule: { kinds: ["tcp"], minIntervalMs: 100 },
    probe: { tcpPort: 9, statsEveryMs: 500 },
  },
  policy: { evaluateIntervalMs: 300, minSamples: 2 },
};
const writeConfig = () => writeFileSync(configFile, JSON.stringify(config));

/** Waits for `text` in the worker's log after `from` (an offset into it); returns where it was found. */
async function logged(text: string, from: number, ms = 120_000): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const at = log.indexOf(text, from);
    if (at >= 0) return at;
    if (Date.now() > end) throw new Error(`no "${text}" in the worker's log:\n${log.slice(from).slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  writeConfig();
  worker = spawn(BIN, ["worker", "--config", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  worker.stderr!.on("data", (d) => (log += d));
  worker.stdout!.on("data", (d) => (log += d));
  await logged('"msg":"worker started"', 0, 300_000);
}, 320_000);

afterAll(async () => {
  await stop(worker);
  rmSync(dir, { recursive: true, force: true });
});

describe("dnsteer worker reload", () => {
  it("SIGHUP after a policy and a provider change: controller and measurement restart in the same process; listen is named for a restart", async () => {
    const pid = worker.pid;
    const from = log.length;
    config.policy.evaluateIntervalMs = 600;
    config.providers[1]!.sourceV6 = "::1";
    config.listen = [{ address: "127.0.0.1", port: 5398 }];
    writeConfig();
    worker.kill("SIGHUP");
    await logged("reload (worker): config changed: listen, providers, policy", from);
    await logged("restart needed: responder: listen", from);
    await logged("policy reloaded: the controller restarts with it", from);
    await logged("measurement restarts: measure or providers changed in the config", from);
    const restarted = await logged('"msg":"measurement stopped for a restart"', from);
    await logged('"msg":"worker started"', restarted);
    expect(worker.exitCode).toBeNull();
    expect(worker.pid).toBe(pid);
    const store = Store.open(join(dir, "dnsteer.sqlite"), { readonly: true });
    expect(store.getProvider("isp-b")?.sourceV6).toBe("::1");
    store.close();
  }, 300_000);

  it("a source that is not an address of this host: the loop goes back to the settings that ran, the worker stays", async () => {
    const from = log.length;
    config.providers[1]!.sourceV4 = "192.0.2.250";
    writeConfig();
    worker.kill("SIGHUP");
    await logged("measurement did not restart with the new settings; back to the previous ones", from);
    await logged('"msg":"worker started"', from);
    expect(worker.exitCode).toBeNull();
    config.providers[1]!.sourceV4 = "127.0.0.1";
    writeConfig();
  }, 300_000);

  it("a provider changed in the store (as the API changes it) restarts the measurement loop", async () => {
    const from = log.length;
    const store = Store.open(join(dir, "dnsteer.sqlite"));
    store.admin.providerOverrides.put("isp-a", { enabled: false }, Date.now());
    store.syncProviders(config.providers);
    store.close();
    const restarted = await logged("measurement restarts: providers changed in the store (API)", from);
    const started = await logged('"msg":"worker started"', restarted);
    expect(log.slice(started - 400, started)).toContain('"providers":["isp-b"]');
  }, 300_000);
});
