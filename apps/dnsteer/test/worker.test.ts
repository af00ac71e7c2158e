import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "@dnsteer/storage";
import { BIN, run, serveOnFreePort, stop, waitForLog } from "./run.js";

/**
 * The loop on loopback, with the real commands: `serve` records the resolver that asks for a
 * steered name, `worker` probes it (TCP connect from each provider's source address), decides,
 * and `serve` answers with the decided provider. The testbed tests do the same across
 * namespaces with real delays; this one needs nothing but loopback.
 */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-worker-"));
const config = join(dir, "dnsteer.json");
let serve: ChildProcess | undefined;
let worker: ChildProcess | undefined;
let port = 0;

beforeAll(async () => {
  ({ child: serve, port } = await serveOnFreePort((p) => {
    writeFileSync(config, JSON.stringify({
      listen: [{ address: "127.0.0.1", port: p }],
      dataDir: dir,
      providers: [
        { name: "isp-a", sourceV4: "127.0.0.1", serviceA: ["203.0.113.80"] },
        { name: "isp-b", sourceV4: "127.0.0.1", serviceA: ["198.51.100.80"] },
      ],
      steering: { names: [{ name: "www.example.test." }], flow: { flushIntervalMs: 100 }, refreshIntervalMs: 100 },
      measure: { scope: { allow: ["127.0.0.0/8"] }, schedule: { kinds: ["tcp"], minIntervalMs: 100 }, probe: { tcpPort: 9 } },
      policy: { evaluateIntervalMs: 300, minSamples: 2 },
    }));
    return ["--config", config];
  }));
});
afterAll(async () => {
  await stop(worker);
  await stop(serve);
});

const dig = async () => (await run("dig", ["@127.0.0.1", "-p", String(port), "-b", "127.0.0.2", "www.example.test", "A", "+short"])).stdout.trim();

describe("serve + worker on loopback", () => {
  it("answers from the zone before any measurement", async () => {
    expect(await dig()).toBe("192.0.2.80");
  });

  it("probes the resolver that asked, decides, and answers with the decided provider", async () => {
    worker = spawn(BIN, ["worker", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
    await waitForLog(worker, '"changed":1', 20_000);
    const store = Store.open(join(dir, "dnsteer.sqlite"), { readonly: true });
    const decision = store.getDecision("127.0.0.2", 32);
    const samples = store.countSamples();
    store.close();
    expect(decision?.provider).toMatch(/^isp-[ab]$/);
    expect(samples).toBeGreaterThan(0);
    const expected = decision!.provider === "isp-a" ? "203.0.113.80" : "198.51.100.80";
    let answer = "";
    for (let i = 0; i < 40 && answer !== expected; i++) {
      answer = await dig();
      if (answer !== expected) await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer).toBe(expected);
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => worker!.once("exit", (code) => resolve(code)));
    worker!.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
