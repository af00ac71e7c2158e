import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Store } from "@dnsteer/storage";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, freePort, run } from "./run.js";

/**
 * Process faults (issue 11): `dnsteer up` killed with SIGKILL while it starts, while a reload
 * runs and while the API writes to the store: the next `up` starts cleanly (the killed run's
 * children stop by themselves and let go of the ports), the store passes SQLite's integrity
 * check, every write the API acknowledged is there, and dig is answered. A corrupt store at
 * start is one line naming the file, with an exit status, and no stack.
 */
const example = fileURLToPath(new URL("../../../fixtures/zones/example.test.zone", import.meta.url));
const dirs: string[] = [];
const started: ChildProcess[] = [];

afterAll(async () => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) killGroup(p, "SIGKILL");
  await new Promise((r) => setTimeout(r, 200));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Setup {
  dir: string;
  config: string;
  dnsPort: number;
  apiPort: number;
  zoneFile: string;
}

async function setup(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-faults-"));
  dirs.push(dir);
  const zoneFile = join(dir, "example.test.zone");
  writeFileSync(zoneFile, readFileSync(example, "utf8"));
  const dnsPort = await freePort();
  const apiPort = await freeTcpPort();
  const config = join(dir, "dnsteer.json");
  writeFileSync(
    config,
    JSON.stringify({
      listen: [{ address: "127.0.0.1", port: dnsPort }],
      zones: [{ file: "example.test.zone", origin: "example.test." }],
      api: { port: apiPort },
      metrics: { listen: { address: "127.0.0.1", port: await freeTcpPort() } },
      log: { level: "info" },
    }),
  );
  return { dir, config, dnsPort, apiPort, zoneFile };
}

interface Up {
  proc: ChildProcess;
  log: () => string;
  exited: Promise<number | null>;
}

/** `dnsteer up` in its own process group (so a test can also kill all of it at once). */
function startUp(s: Setup): Up {
  const proc = spawn(BIN, ["up", "--config", s.config], { stdio: ["ignore", "pipe", "pipe"], cwd: s.dir, detached: true });
  started.push(proc);
  let log = "";
  proc.stdout!.on("data", (d) => (log += d));
  proc.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  return { proc, log: () => log, exited };
}

function killGroup(p: ChildProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(-p.pid!, sig);
  } catch {}
}

async function until(what: string, ok: () => boolean | Promise<boolean>, log: () => string, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`${what}: timed out\n${log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const serving = (up: Up) =>
  until("up serving", () => up.log().includes('"msg":"serving"') && up.log().includes("admin API listening"), up.log);

const dig = async (s: Setup, name = "www.example.test") =>
  (await run("dig", ["@127.0.0.1", "-p", String(s.dnsPort), name, "A", "+short", "+time=2", "+tries=1"])).stdout.trim();

async function stopUp(up: Up): Promise<void> {
  if (up.proc.exitCode !== null || up.proc.signalCode !== null) return;
  up.proc.kill("SIGTERM");
  await up.exited;
}

/** SQLite's own check of every page and index: "ok" or the list of faults. */
function integrity(s: Setup): string {
  const store = Store.open(join(s.dir, "data", "dnsteer.sqlite"), { readonly: true });
  try {
    return (store.db.pragma("integrity_check") as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join("; ");
  } finally {
    store.close();
  }
}

/** After a kill: a new up starts, dig gets `answer`, the store is sound. */
async function restartsCleanly(s: Setup, answer: string): Promise<Up> {
  const again = startUp(s);
  await serving(again);
  expect(again.log()).not.toContain("EADDRINUSE");
  await until("dig after restart", async () => (await dig(s)) === answer, again.log, 30_000);
  expect(integrity(s)).toBe("ok");
  return again;
}

describe("dnsteer up killed with SIGKILL", () => {
  it("while starting: the next up starts cleanly and answers", async () => {
    const s = await setup();
    const up = startUp(s);
    await until("children started", () => up.log().includes("responder started"), up.log);
    process.kill(up.proc.pid!, "SIGKILL");
    await up.exited;
    const again = await restartsCleanly(s, "192.0.2.80");
    await stopUp(again);
  }, 240_000);

  it("during a zone reload: the children stop by themselves; the next up serves the new zone", async () => {
    const s = await setup();
    const up = startUp(s);
    await serving(up);
    const state = JSON.parse(readFileSync(join(s.dir, "data", "supervisor.json"), "utf8")) as { children: Array<{ pid: number }> };
    writeFileSync(
      s.zoneFile,
      readFileSync(s.zoneFile, "utf8").replace("2024010101 ; serial", "2024010102 ; serial").replace("192.0.2.80", "192.0.2.81"),
    );
    const reload = run(BIN, ["zone", "reload", "--config", s.config], 60_000);
    await until("reload begun", () => up.log().includes("reload"), up.log, 30_000);
    process.kill(up.proc.pid!, "SIGKILL");
    await up.exited;
    await reload;
    // The killed supervisor's responder and API notice (within a second or two) and stop.
    await until("orphans stopped", () => state.children.every((c) => !existsSync(`/proc/${c.pid}`) || isZombie(c.pid)), up.log, 30_000);
    const again = await restartsCleanly(s, "192.0.2.81");
    expect(up.log()).toMatch(/the supervisor \(pid \d+\) is gone; stopping/);
    await stopUp(again);
  }, 240_000);

  it("the whole process group while the API writes: every acknowledged write is kept, the store is sound", async () => {
    const s = await setup();
    const up = startUp(s);
    await serving(up);
    const key = readFileSync(join(s.dir, "data", "api.key"), "utf8").trim();
    const acknowledged: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const name = `w${i}.example.test.`;
        try {
          const r = await fetch(`http://127.0.0.1:${s.apiPort}/v1/steered-names/${name}`, {
            method: "PUT",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body: "{}",
          });
          if (r.status === 200) acknowledged.push(name);
        } catch {
          return; // the API is gone
        }
      }
    })();
    await until("writes going", () => acknowledged.length >= 20, up.log, 60_000);
    killGroup(up.proc, "SIGKILL");
    writing = false;
    await writer;
    await up.exited;
    const again = await restartsCleanly(s, "192.0.2.80");
    const listed = (await (
      await fetch(`http://127.0.0.1:${s.apiPort}/v1/steered-names`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { names: Array<{ name: string }> };
    const kept = new Set(listed.names.map((n) => n.name));
    expect(acknowledged.filter((n) => !kept.has(n))).toEqual([]);
    await stopUp(again);
  }, 240_000);
});

function isZombie(pid: number): boolean {
  try {
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, "latin1"));
  } catch {
    return true;
  }
}

describe("a corrupt store at start", () => {
  it.each([
    ["random octets", (b: Buffer) => b.fill(0x5a)],
    ["a sound header over damaged pages", (b: Buffer) => b.fill(0xa5, 4096)],
  ])(
    "%s: one line naming the file, a non-zero exit, no stack; the file is left as it was",
    async (_, damage) => {
      const s = await setup();
      const file = join(s.dir, "data", "dnsteer.sqlite");
      // A real store first (up creates and migrates it), then damaged.
      const first = startUp(s);
      await serving(first);
      await stopUp(first);
      const bytes = readFileSync(file);
      damage(bytes);
      writeFileSync(file, bytes);
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
      const up = startUp(s);
      const code = await Promise.race([up.exited, new Promise<"running">((r) => setTimeout(() => r("running"), 60_000))]);
      expect(code, up.log()).not.toBe("running");
      expect(code).not.toBe(0);
      const lines = up.log().trim().split("\n");
      const line = lines.find((l) => l.includes(file));
      expect(line, up.log()).toBeDefined();
      expect(up.log()).not.toMatch(/^\s+at /m);
      expect(readFileSync(file).equals(bytes)).toBe(true);
    },
    240_000,
  );
});

describe("a full disk under the data folder", () => {
  it("an API write gets 503 with a clear error and a warn line; DNS keeps answering; writes work again once there is room", async () => {
    const s = await setup();
    const data = join(s.dir, "data");
    mkdirSync(data);
    // A small tmpfs over the data folder, in a mount namespace of this process tree only.
    const proc = spawn(
      "unshare",
      [
        "--mount",
        "--propagation",
        "private",
        "--",
        "sh",
        "-c",
        'mount -t tmpfs -o size=8m tmpfs "$0" && exec "$1" up --config "$2"',
        data,
        BIN,
        s.config,
      ],
      { stdio: ["ignore", "pipe", "pipe"], cwd: s.dir, detached: true },
    );
    started.push(proc);
    let log = "";
    proc.stdout!.on("data", (d) => (log += d));
    proc.stderr!.on("data", (d) => (log += d));
    const up: Up = { proc, log: () => log, exited: new Promise((r) => proc.once("exit", (code) => r(code))) };
    await serving(up);
    const key = readFileSync(`/proc/${proc.pid}/root${join(data, "api.key")}`, "utf8").trim();
    const put = (name: string) =>
      fetch(`http://127.0.0.1:${s.apiPort}/v1/steered-names/${name}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: "{}",
      });
    expect((await put("before.example.test.")).status).toBe(200);

    // Fill the tmpfs from inside the namespace (dd ends with "No space left on device").
    await run("nsenter", ["--target", String(proc.pid), "--mount", "--", "dd", "if=/dev/zero", `of=${join(data, "filler")}`, "bs=64k"]);
    const statuses: number[] = [];
    let body: { error?: string; message?: string } = {};
    for (let i = 0; i < 50 && !statuses.includes(503); i++) {
      const r = await put(`full${i}.example.test.`);
      statuses.push(r.status);
      if (r.status === 503) body = (await r.json()) as typeof body;
    }
    expect(statuses, log.slice(-3000)).toContain(503);
    expect(statuses.filter((c) => c !== 200 && c !== 503)).toEqual([]);
    expect(body.error).toBe("not_ready");
    expect(body.message).toMatch(/store.*(full|space)/i);
    // The line travels API -> up -> this pipe: wait for it rather than race it.
    await until("the warn line", () => /"level":40[^\n]*(full|space)/i.test(log), up.log, 30_000);
    expect(log).not.toMatch(/"level":50[^\n]*request failed/);
    expect(await dig(s)).toBe("192.0.2.80");

    await run("nsenter", ["--target", String(proc.pid), "--mount", "--", "rm", "-f", join(data, "filler")]);
    await until("writes again", async () => (await put("after.example.test.")).status === 200, up.log, 30_000);
    await stopUp(up);
  }, 240_000);
});
