import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, freePort, run } from "./run.js";

/**
 * `providers drain` end to end on loopback: `dnsteer up` with two providers whose probes leave
 * from 127.0.0.1 (the worker probes 127.0.0.1 through both), a steered name, and the
 * controller evaluating every second. dig from 127.0.0.1 gets provider a (the default); after
 * `dnsteer providers drain a` every decision leaves a and dig gets b's address.
 * Needs ICMP probes: root or CAP_NET_RAW (the test machine runs as root).
 */
const example = fileURLToPath(new URL("../../../fixtures/zones/example.test.zone", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "dnsteer-drain-"));
const configFile = join(dir, "dnsteer.json");
let up: ChildProcess;
let dnsPort = 0;
let log = "";

function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const cli = (...args: string[]) => run(BIN, [...args, "--config", configFile], 60_000);
const dig = async () =>
  (await run("dig", ["@127.0.0.1", "-p", String(dnsPort), "www.example.test", "A", "+short", "+time=2", "+tries=1"])).stdout.trim();

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface DecisionRow {
  source: string;
  provider: string;
}
const decisions = async () => JSON.parse((await cli("decisions", "--json")).stdout || '{"items":[]}').items as DecisionRow[];

beforeAll(async () => {
  dnsPort = await freePort();
  writeFileSync(
    configFile,
    JSON.stringify({
      listen: [{ address: "127.0.0.1", port: dnsPort }],
      zones: [{ file: example, origin: "example.test." }],
      api: { port: await freeTcpPort() },
      metrics: { listen: null },
      providers: [
        { name: "a", sourceV4: "127.0.0.1", serviceA: ["198.51.100.1"] },
        { name: "b", sourceV4: "127.0.0.1", serviceA: ["198.51.100.2"] },
      ],
      steering: { names: [{ name: "www.example.test." }], defaultProvider: "a", refreshIntervalMs: 100, flow: { flushIntervalMs: 500 } },
      measure: { scope: { allow: ["127.0.0.0/8"], defaultExclusions: false } },
      policy: { evaluateIntervalMs: 1000 },
    }),
  );
  up = spawn(BIN, ["up", "--config", configFile], { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
  up.stdout!.on("data", (d) => (log += d));
  up.stderr!.on("data", (d) => (log += d));
  await until(
    "up starting",
    async () => log,
    (l) => l.includes('"msg":"serving"') && l.includes("admin API listening") && l.includes("worker started"),
    90_000,
  );
}, 120_000);

afterAll(async () => {
  if (up.exitCode === null) {
    const gone = new Promise((r) => up.once("exit", r));
    up.kill("SIGTERM");
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("providers drain", () => {
  it("moves every source off the drained provider at the next evaluation; dig sees it", async () => {
    // Queries make 127.0.0.1 a source; the controller decides it (the default provider a).
    await until(
      "a decision on a",
      async () => {
        await dig();
        return decisions();
      },
      (d) => d.some((x) => x.source === "127.0.0.1/32" && x.provider === "a"),
    );
    expect(await dig()).toBe("198.51.100.1");

    const drain = await cli("providers", "drain", "a");
    expect(drain.stderr + log.slice(-2000)).not.toContain("dnsteer:");
    expect(drain.code).toBe(0);
    expect(drain.stdout).toContain("a: drained");
    const after = await until("decisions off a", decisions, (d) => d.length > 0 && d.every((x) => x.provider !== "a"));
    expect(after.find((x) => x.source === "127.0.0.1/32")?.provider).toBe("b");
    expect(await until("dig answers b", dig, (a) => a === "198.51.100.2")).toBe("198.51.100.2");

    const providers = JSON.parse((await cli("providers", "--json")).stdout) as { providers: Array<{ name: string; drained: boolean }> };
    expect(providers.providers.find((p) => p.name === "a")?.drained).toBe(true);
  }, 180_000);
});
