import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePrometheusText, sampleValue } from "./prom-text.js";
import { BIN, freePort, run } from "./run.js";

/**
 * `dnsteer up` end to end on loopback: the supervisor, the responder, the admin API; the CLI
 * reloads a changed zone and dig sees it; a broken zone is refused with file:line and dig
 * still sees the old data; a killed child is restarted.
 */
const example = fileURLToPath(new URL("../../../fixtures/zones/example.test.zone", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "dnsteer-up-"));
const zoneFile = join(dir, "example.test.zone");
const configFile = join(dir, "dnsteer.json");
let up: ChildProcess;
let dnsPort = 0;
let metricsPort = 0;
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
const dig = async (name = "www.example.test") =>
  (await run("dig", ["@127.0.0.1", "-p", String(dnsPort), name, "A", "+short", "+time=2", "+tries=1"])).stdout.trim();

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  dnsPort = await freePort();
  writeFileSync(zoneFile, readFileSync(example, "utf8"));
  writeFileSync(
    configFile,
    JSON.stringify({
      listen: [{ address: "127.0.0.1", port: dnsPort }],
      zones: [{ file: "example.test.zone", origin: "example.test." }],
      api: { port: await freeTcpPort() },
      metrics: { listen: { address: "127.0.0.1", port: (metricsPort = await freeTcpPort()) } },
      log: { level: "info" },
    }),
  );
  up = spawn(BIN, ["up", "--config", configFile], { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
  up.stdout!.on("data", (d) => (log += d));
  up.stderr!.on("data", (d) => (log += d));
  await until(
    "up starting",
    async () => log,
    (l) => l.includes('"msg":"serving"') && l.includes("admin API listening"),
    60_000,
  );
}, 90_000);

afterAll(async () => {
  if (up.exitCode === null) {
    const gone = new Promise((r) => up.once("exit", r));
    up.kill("SIGTERM");
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("dnsteer up", () => {
  it("prints where each part listens and how to query it", () => {
    expect(log).toContain(`dig @127.0.0.1 -p ${dnsPort} www.example.test`);
    expect(log).toMatch(/curl -H "Authorization: Bearer \$\(cat .*api\.key\)" http:\/\/127\.0\.0\.1:\d+\/v1\/zones/);
  });

  it("serves the zone; status lists the processes and the zone's serial", async () => {
    expect(await dig()).toBe("192.0.2.80");
    const status = await cli("status", "--json");
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout);
    expect(s.zones.map((z: { origin: string; serial: number }) => [z.origin, z.serial])).toEqual([["example.test.", 2024010101]]);
    expect(s.processes.children.map((c: { name: string; state: string }) => [c.name, c.state])).toEqual([
      ["responder", "running"],
      ["api", "running"],
      ["worker", "not started"],
    ]);
  });

  it("the responder's /metrics counts the queries dig sent", async () => {
    const scrape = async () => parsePrometheusText(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
    const key = { transport: "udp", family: "4", qtype: "A", rcode: "NOERROR" };
    const before = sampleValue(await scrape(), "dnsteer_dns_responses_total", key);
    await dig();
    await dig();
    // The extra UDP workers' counts reach the scrape within their 200 ms relay: wait for both
    // queries, then make sure nothing more was counted.
    const counted = async () => sampleValue(await scrape(), "dnsteer_dns_responses_total", key) - before;
    await until("both queries counted", counted, (n) => n >= 2, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    const after = await scrape();
    expect(sampleValue(after, "dnsteer_dns_responses_total", key) - before).toBe(2);
    expect(sampleValue(after, "dnsteer_dns_zone_serial", { zone: "example.test." })).toBe(2024010101);
  });

  it("zone reload after an edit: dig sees the new data", async () => {
    writeFileSync(
      zoneFile,
      readFileSync(zoneFile, "utf8").replace("2024010101 ; serial", "2024010102 ; serial").replace("192.0.2.80", "192.0.2.99"),
    );
    const r = await cli("zone", "reload");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("example.test.: reloaded, serial 2024010102 (was 2024010101)");
    expect(
      await until(
        "dig after reload",
        () => dig(),
        (a) => a === "192.0.2.99",
      ),
    ).toBe("192.0.2.99");
  }, 180_000);

  it("restarts a child that dies", async () => {
    const state = () =>
      JSON.parse(readFileSync(join(dir, "data", "supervisor.json"), "utf8")) as {
        children: Array<{ name: string; pid: number | null; restarts: number; state: string }>;
      };
    const responder = state().children.find((c) => c.name === "responder")!;
    process.kill(responder.pid!, "SIGKILL");
    await until(
      "responder restarted",
      async () => state().children.find((c) => c.name === "responder")!,
      (c) => c.restarts === 1 && c.state === "running" && c.pid !== responder.pid,
    );
    expect(log).toMatch(/responder ended \(signal SIGKILL\); restarting in \d+ s/);
    expect(
      await until(
        "dig after restart",
        () => dig(),
        (a) => a === "192.0.2.99",
      ),
    ).toBe("192.0.2.99");
  }, 180_000);
  it("a broken zone is refused with file:line, exit 1, and dig still sees the old data", async () => {
    const lines = readFileSync(zoneFile, "utf8").split("\n").length;
    appendFileSync(zoneFile, "broken  IN  A  not-an-address\n");
    const r = await cli("zone", "reload");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${zoneFile}:${lines}`);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toContain("NOT reloaded, still serving serial 2024010102");
    await new Promise((res) => setTimeout(res, 500));
    expect(await dig()).toBe("192.0.2.99");
  }, 180_000);
});
