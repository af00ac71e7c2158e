import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store } from "@dnsteer/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    writeFileSync(
      config,
      JSON.stringify({
        listen: [{ address: "127.0.0.1", port: p }],
        dataDir: dir,
        providers: [
          { name: "isp-a", sourceV4: "127.0.0.1", serviceA: ["203.0.113.80"] },
          { name: "isp-b", sourceV4: "127.0.0.1", serviceA: ["198.51.100.80"] },
        ],
        steering: { names: [{ name: "www.example.test." }], flow: { flushIntervalMs: 100 }, refreshIntervalMs: 100 },
        measure: {
          scope: { allow: ["127.0.0.0/8"] },
          schedule: { kinds: ["tcp"], minIntervalMs: 100 },
          probe: { tcpPort: 9, statsEveryMs: 500 },
        },
        policy: { evaluateIntervalMs: 300, minSamples: 2 },
      }),
    );
    return ["--config", config];
  }));
});
afterAll(async () => {
  await stop(worker);
  await stop(serve);
});

const dig = async () =>
  (await run("dig", ["@127.0.0.1", "-p", String(port), "-b", "127.0.0.2", "www.example.test", "A", "+short"])).stdout.trim();

describe("serve + worker on loopback", () => {
  it("answers from the zone before any measurement", async () => {
    expect(await dig()).toBe("192.0.2.80");
  });

  it("probes the resolver that asked, decides, and answers with the decided provider", async () => {
    worker = spawn(BIN, ["worker", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
    // The periodic info line: probes by provider, and the decision that changed (the new source).
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

  it("says at info, every statsEveryMs, what the probes did per provider", async () => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
    };
    worker!.stderr!.on("data", onData);
    await waitForLog(worker!, '"msg":"worker: probes and decisions"', 5000);
    worker!.stderr!.off("data", onData);
    const line = JSON.parse(out.split("\n").find((l) => l.includes("worker: probes and decisions"))!) as {
      level: number;
      probes: Record<string, { sent: number; answered: number; lost: number; failed: number }>;
      decisions: { evaluations: number };
    };
    expect(line.level).toBe(30); // pino's info
    expect(Object.keys(line.probes).sort()).toEqual(["isp-a", "isp-b"]);
    expect(line.probes["isp-a"]!.sent).toBeGreaterThan(0);
    expect(line.decisions.evaluations).toBeGreaterThan(0);
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => worker!.once("exit", (code) => resolve(code)));
    worker!.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("worker start-up checks: one line naming the key, exit 2, before any probe", () => {
  const base = {
    listen: [{ address: "127.0.0.1", port: 53 }],
    dataDir: dir,
    steering: { names: [{ name: "www.example.test." }] },
    measure: { scope: { allow: ["127.0.0.0/8"] } },
  };
  const startWith = async (name: string, extra: Record<string, unknown>) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify({ ...base, providers: [{ name: "isp-a", sourceV4: "127.0.0.1" }], ...extra }));
    return run(BIN, ["worker", "--config", path], 60_000);
  };
  const lines = (text: string) => text.split("\n").filter((l) => l.startsWith("dnsteer:"));

  it("a source address that is not an address of this host", async () => {
    const r = await startWith("not-local", {
      providers: [
        { name: "isp-a", sourceV4: "127.0.0.1" },
        { name: "isp-b", sourceV4: "192.0.2.9" },
      ],
    });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(["dnsteer: providers[1].sourceV4: 192.0.2.9 is not an address of this host"]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("a device that does not exist", async () => {
    const r = await startWith("no-device", { providers: [{ name: "isp-a", sourceV4: "127.0.0.1", device: "nosuchdev0" }] });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(["dnsteer: providers[0].device: nosuchdev0 is not an interface of this host"]);
  });

  it("an aggregate window smaller than the policy's minSamples", async () => {
    const r = await startWith("window", {
      measure: { scope: { allow: ["127.0.0.0/8"] }, aggregate: { window: 3 } },
      policy: { minSamples: 5 },
    });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      "dnsteer: measure.aggregate.window: 3 is smaller than policy.minSamples 5: no path could ever hold enough samples to be trusted",
    ]);
  });
});
