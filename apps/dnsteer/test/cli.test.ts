import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providerSchema } from "@dnsteer/config";
import { Store } from "@dnsteer/storage";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, run } from "./run.js";

/** The command line as a user meets it: help, exit codes, one-line errors (real processes). */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(name: string, body: object): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
}

describe("dnsteer", () => {
  it("with no arguments prints the help with examples and exits 0", async () => {
    const r = await run(BIN, []);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: dnsteer");
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("up ");
  });

  it("the compiled entry imports only commander and node built-ins (the rest loads when a command runs)", async () => {
    await run(BIN, ["--help"]);
    const dist = readFileSync(new URL("../dist/cli.mjs", import.meta.url), "utf8");
    const statics = [...dist.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!);
    expect(statics.length).toBeGreaterThan(0);
    expect(statics.filter((s) => s !== "commander" && !s.startsWith("node:"))).toEqual([]);
  });

  it("an unknown command is a usage error: exit 2", async () => {
    const r = await run(BIN, ["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command");
  });

  it("a delegated command's own --help", async () => {
    const r = await run(BIN, ["serve", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--listen");
  });
});

describe("config check", () => {
  it("a nested group given in part is fine", async () => {
    const r = await run(BIN, ["config", "check", "--config", config("ok.json", { tcp: { maxConnections: 10 } })]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(": ok");
  });

  it("a bad key: one line naming it, exit 2, no stack", async () => {
    const r = await run(BIN, [
      "config",
      "check",
      "--config",
      config("bad.json", {
        listen: [
          { address: "127.0.0.1", port: 53 },
          { address: "x", port: 53 },
        ],
      }),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("listen[1].address: must be an IPv4 or IPv6 address");
    expect(r.stderr).not.toContain("    at ");
  });

  it("--debug adds the stack", async () => {
    const r = await run(BIN, ["config", "check", "--debug", "--config", join(dir, "missing.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("    at ");
  });
});

describe("startup errors name the listen key", () => {
  it("an address not on this host: listen[1], exit 2", async () => {
    const path = config("na.json", {
      listen: [
        { address: "127.0.0.1", port: 0 },
        { address: "192.0.2.1", port: 15353 },
      ],
      metrics: { listen: null },
    });
    const r = await run(BIN, ["serve", "--config", path]);
    expect(r.stderr).toContain("dnsteer: listen[1]: 192.0.2.1 is not an address of this host");
    expect(r.stderr).not.toContain("    at ");
    expect(r.code).toBe(2);
  });
});

describe("db backup", () => {
  it("copies the live store with the online backup API; refuses to overwrite (exit 2)", async () => {
    const dataDir = join(dir, "data-backup");
    const path = config("backup.json", { dataDir });
    mkdirSync(dataDir, { recursive: true });
    const store = Store.open(join(dataDir, "dnsteer.sqlite"));
    store.syncProviders([{ ...providerSchema.parse({ name: "isp-a" }) }]);
    const target = join(dir, "copy.sqlite");
    const r = await run(BIN, ["db", "backup", target, "--config", path]);
    store.close();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const copy = Store.open(target);
    expect((copy.db.prepare("SELECT name FROM providers").all() as Array<{ name: string }>).map((p) => p.name)).toEqual(["isp-a"]);
    copy.close();
    const again = await run(BIN, ["db", "backup", target, "--config", path]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("exists");
  });
});

describe("API client", () => {
  it("an unreachable API: one line, exit 3", async () => {
    const r = await run(BIN, ["zone", "list"], 30_000);
    const env = await run("env", ["DNSTEER_API_URL=http://127.0.0.1:1", BIN, "status"]);
    expect(env.code).toBe(3);
    expect(env.stderr).toContain("cannot reach the admin API at http://127.0.0.1:1");
    expect([0, 3]).toContain(r.code);
  });
});
