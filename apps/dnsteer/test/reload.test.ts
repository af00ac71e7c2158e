import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, run, serveOnFreePort, stop, waitForLog } from "./run.js";

const zoneText = (address: string) => `$ORIGIN reload.test.
$TTL 60
@    SOA  ns hostmaster 1 3600 600 86400 60
@    NS   ns
ns   A    192.0.2.1
www  A    ${address}
`;

const dir = mkdtempSync(join(tmpdir(), "dnsteer-reload-"));
const zoneFile = join(dir, "reload.test.zone");
let child: ChildProcess;
let port: number;

beforeAll(async () => {
  writeFileSync(zoneFile, zoneText("192.0.2.10"));
  const config = join(dir, "dnsteer.json");
  ({ child, port } = await serveOnFreePort((port) => {
    writeFileSync(
      config,
      JSON.stringify({ listen: [{ address: "127.0.0.1", port }], zones: [{ file: "reload.test.zone" }], dataDir: dir }),
    );
    return ["--config", config];
  }));
});
afterAll(() => stop(child));

const www = async () => (await run("dig", ["@127.0.0.1", "-p", String(port), "www.reload.test", "A", "+short"])).stdout.trim();

describe("zone reload on SIGHUP", () => {
  it("serves the new data after a good reload", async () => {
    expect(await www()).toBe("192.0.2.10");
    writeFileSync(zoneFile, zoneText("192.0.2.20"));
    const reloaded = waitForLog(child, "zones reloaded");
    child.kill("SIGHUP");
    await reloaded;
    expect(await www()).toBe("192.0.2.20");
  });

  it("keeps serving the old data when the new zone is bad", async () => {
    writeFileSync(zoneFile, zoneText("192.0.2.30") + "bad  A  not-an-address\n");
    const failed = waitForLog(child, "reload failed");
    child.kill("SIGHUP");
    await failed;
    expect(await www()).toBe("192.0.2.20");
  });
});

describe("dnsteer zone check", () => {
  it("summarises a good zone", async () => {
    const good = join(dir, "good.zone");
    writeFileSync(good, zoneText("192.0.2.10"));
    const r = await run(BIN, ["zone", "check", good]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^reload\.test\.: ok, 4 records/);
  });

  it("names file:line of the error and exits 1", async () => {
    const bad = join(dir, "bad.zone");
    writeFileSync(bad, zoneText("192.0.2.10") + "oops  A  300.1.2.3\n");
    const r = await run(BIN, ["zone", "check", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:7:`);
  });
});
