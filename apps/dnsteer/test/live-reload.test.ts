import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, freePort, run } from "./run.js";

/**
 * A reload applies the config live, end to end on loopback with `dnsteer up`: a zone added to
 * the config is answered after `dnsteer zone reload` and REFUSED once removed; a steered name
 * added and a provider's answer address changed through the API are answered by the running
 * responder (same pid); a change that needs a restart (listen) is named in the API's answer
 * and the CLI's output while the old value stays in force; each zone's last reload (ok, or
 * file:line, and "data changed but serial kept") shows in the zone list.
 */
const fixtures = fileURLToPath(new URL("../../../fixtures/zones/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "dnsteer-live-reload-"));
const configFile = join(dir, "dnsteer.json");
const exampleZone = join(dir, "example.test.zone");
let up: ChildProcess;
let dnsPort = 0;
let apiPort = 0;
let log = "";
let config: Record<string, unknown>;

function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const cli = (...args: string[]) => run(BIN, [...args, "--config", configFile], 120_000);
const dig = async (name: string, port = dnsPort) =>
  (await run("dig", ["@127.0.0.1", "-p", String(port), name, "A", "+time=2", "+tries=1"])).stdout;
const answer = async (name: string) =>
  (await run("dig", ["@127.0.0.1", "-p", String(dnsPort), name, "A", "+short", "+time=2", "+tries=1"])).stdout.trim();
/** Distinct answers over several queries: the responder may answer on more than one UDP worker, each must agree. */
const answers = async (name: string, times = 8) => [...new Set(await Promise.all(Array.from({ length: times }, () => answer(name))))];
const status = (digOutput: string) => /status: (\w+)/.exec(digOutput)?.[1] ?? "no answer";
const writeConfig = () => writeFileSync(configFile, JSON.stringify(config));
const key = () => readFileSync(join(dir, "data", "api.key"), "utf8").trim();
const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`http://127.0.0.1:${apiPort}${path}`, {
    method,
    headers: { authorization: `Bearer ${key()}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const responderPid = () =>
  (
    JSON.parse(readFileSync(join(dir, "data", "supervisor.json"), "utf8")) as { children: Array<{ name: string; pid: number }> }
  ).children.find((c) => c.name === "responder")!.pid;

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}\n${log.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  dnsPort = await freePort();
  apiPort = await freeTcpPort();
  writeFileSync(exampleZone, readFileSync(join(fixtures, "example.test.zone"), "utf8"));
  writeFileSync(join(dir, "other.test.zone"), readFileSync(join(fixtures, "other.test.zone"), "utf8"));
  config = {
    listen: [{ address: "127.0.0.1", port: dnsPort }],
    // Transfers on from the start (turning them on or off needs a restart): zones added later follow.
    zones: [{ file: "example.test.zone", origin: "example.test.", transfer: { allow: ["127.0.0.1"] } }],
    api: { port: apiPort },
    metrics: { listen: null },
    log: { level: "info" },
    // Two UDP workers where the batch addon loads: each must answer the same after every change.
    server: { workers: 2 },
    providers: [
      { name: "a", serviceA: ["198.51.100.1"] },
      { name: "b", serviceA: ["198.51.100.2"] },
    ],
    steering: { names: [{ name: "www.example.test." }], defaultProvider: "a", refreshIntervalMs: 100 },
  };
  writeConfig();
  up = spawn(BIN, ["up", "--config", configFile], { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
  up.stdout!.on("data", (d) => (log += d));
  up.stderr!.on("data", (d) => (log += d));
  await until(
    "up starting",
    async () => log,
    (l) => l.includes('"msg":"serving"') && l.includes("admin API listening"),
    300_000,
  );
}, 320_000);

afterAll(async () => {
  if (up && up.exitCode === null) {
    const gone = new Promise((r) => up.once("exit", r));
    up.kill("SIGTERM");
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("reload applies the config live (dnsteer up)", () => {
  it("a zone added to the config is answered after `zone reload`; removed, it is REFUSED", async () => {
    const pid = responderPid();
    expect(status(await dig("www.other.test"))).toBe("REFUSED");
    config.zones = [...(config.zones as object[]), { file: "other.test.zone", transfer: { allow: ["127.0.0.1"] } }];
    writeConfig();
    const added = await cli("zone", "reload");
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("config: changed: zones");
    expect(added.stdout).toContain("config: applied live: zones: responder, api");
    expect(added.stdout).toContain("other.test.: reloaded, serial 2024010101 (loaded)");
    expect(
      await until(
        "other.test answered",
        () => answer("www.other.test"),
        (a) => a === "192.0.2.81",
      ),
    ).toBe("192.0.2.81");
    // Its transfer setting came with it (moments after the zone: the transfer policies are built
    // from the zones the reload loaded): AXFR over TCP gives the whole zone, SOA first and last.
    const axfr = await until(
      "AXFR of the added zone",
      async () => (await run("dig", ["@127.0.0.1", "-p", String(dnsPort), "other.test", "AXFR", "+time=5", "+tries=1"])).stdout,
      (out) => (out.match(/^other\.test\.\s+\d+\s+IN\s+SOA/gm) ?? []).length === 2,
    );
    expect(axfr).toContain("www.other.test.");

    config.zones = (config.zones as object[]).slice(0, 1);
    writeConfig();
    const removed = await cli("zone", "reload");
    expect(removed.code).toBe(0);
    expect(removed.stdout).not.toContain("other.test.");
    expect(
      await until(
        "other.test refused",
        async () => status(await dig("www.other.test")),
        (s) => s === "REFUSED",
      ),
    ).toBe("REFUSED");
    expect(await answers("www.example.test")).toEqual(["198.51.100.1"]);
    expect(responderPid()).toBe(pid);
  }, 300_000);

  it("a steered name added and an answer address changed through the API are answered without a restart", async () => {
    const pid = responderPid();
    // Not steered yet: the zone's own record.
    expect(await answer("mail.example.test")).toBe("192.0.2.25");
    const put = await api("PUT", "/v1/steered-names/mail.example.test", {});
    expect(put.status).toBe(200);
    expect(
      await until(
        "steered name answered",
        () => answer("mail.example.test"),
        (a) => a === "198.51.100.1",
      ),
    ).toBe("198.51.100.1");

    const patch = await api("PATCH", "/v1/providers/a", { serviceA: ["198.51.100.77"] });
    expect(patch.status).toBe(200);
    expect(
      await until(
        "new answer address",
        () => answer("www.example.test"),
        (a) => a === "198.51.100.77",
      ),
    ).toBe("198.51.100.77");
    expect(await answers("mail.example.test")).toEqual(["198.51.100.77"]);
    expect(await answers("www.example.test")).toEqual(["198.51.100.77"]);

    const del = await api("DELETE", "/v1/steered-names/mail.example.test");
    expect(del.status).toBe(200);
    expect(
      await until(
        "name no longer steered",
        () => answer("mail.example.test"),
        (a) => a === "192.0.2.25",
      ),
    ).toBe("192.0.2.25");
    expect(responderPid()).toBe(pid);
  }, 300_000);

  it("a change that needs a restart is named in the API's answer and the CLI's output; the old value stays in force", async () => {
    const pid = responderPid();
    const otherPort = await freePort();
    config.listen = [{ address: "127.0.0.1", port: otherPort }];
    config.steering = { ...(config.steering as object), ttl: 5 };
    config.chaos = { version: "dnsteer-reloaded", identity: null };
    writeConfig();
    const r = await api("POST", "/v1/zones/reload");
    expect(r.status).toBe(200);
    const changes = r.body.config as { changed: string[]; live: string[]; restart: unknown };
    expect(changes.changed.sort()).toEqual(["chaos", "listen", "steering.ttl"]);
    expect(changes.live.sort()).toEqual(["chaos: responder", "steering.ttl: responder, api"]);
    expect(changes.restart).toEqual([{ process: "responder", keys: ["listen"] }]);
    const out = await cli("zone", "reload");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("restart needed: responder: listen (the old value stays in force until then)");
    // Still on the old port, not on the new one; the live change (TTL 5) is in the answer.
    expect(status(await dig("www.example.test"))).toBe("NOERROR");
    expect(status(await dig("www.example.test", otherPort))).toBe("no answer");
    expect(
      await until(
        "steered TTL 5",
        async () => dig("www.example.test"),
        (o) => /www\.example\.test\.\s+5\s+IN\s+A/.test(o),
      ),
    ).toMatch(/\s5\s+IN\s+A/);
    // A responder setting (CHAOS version) applies with the next snapshot.
    const version = async () =>
      (await run("dig", ["@127.0.0.1", "-p", String(dnsPort), "version.bind", "TXT", "CH", "+short", "+time=2", "+tries=1"])).stdout.trim();
    expect(await until("CHAOS version", version, (v) => v === '"dnsteer-reloaded"')).toBe('"dnsteer-reloaded"');
    expect(responderPid()).toBe(pid);
  }, 300_000);

  it("the zone list carries each zone's last reload: ok, data changed under the same serial, failed with file:line", async () => {
    writeFileSync(exampleZone, readFileSync(exampleZone, "utf8").replace("192.0.2.80", "192.0.2.90"));
    const kept = await cli("zone", "reload");
    expect(kept.stdout).toContain("WARNING: data changed but the serial did not");
    const afterKept = await until(
      "last reload with the serial warning",
      async () => JSON.parse((await cli("zone", "list", "--json")).stdout).zones[0].lastReload,
      (r) => r?.dataChangedSerialKept === true,
    );
    expect(afterKept).toMatchObject({ ok: true, serial: 2024010101, error: null });

    const lines = readFileSync(exampleZone, "utf8").split("\n").length;
    writeFileSync(exampleZone, `${readFileSync(exampleZone, "utf8")}broken  IN  A  not-an-address\n`);
    await run("kill", ["-HUP", String(responderPid())]);
    const failed = await until(
      "last reload failed",
      async () => JSON.parse((await cli("zone", "list", "--json")).stdout).zones[0].lastReload,
      (r) => r?.ok === false,
    );
    expect(failed.error).toMatchObject({ file: exampleZone, line: lines });
    expect(failed.serial).toBe(2024010101);
    const table = await cli("zone", "list");
    expect(table.stdout).toContain(`FAILED`);
    expect(table.stdout).toContain(`${exampleZone}:${lines}`);
  }, 300_000);
});
