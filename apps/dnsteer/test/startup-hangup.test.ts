import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, freePort, run, stop } from "./run.js";

/**
 * Issue 11: a SIGHUP while `dnsteer serve` was starting ended it (exit 129): the handler came
 * after the zones had loaded. Here SIGHUPs arrive every 100 ms from serve's first output (its
 * "config: ..." line, before the store opens and the zones load) until it is up, over a zone
 * big enough to take a while; the server must come up, reload once for all those hangups (not
 * once each, not never), and answer. (Node's own start-up, before any JavaScript runs, is out
 * of any program's reach: main.ts takes SIGHUP over in its first statement.)
 */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-hup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SIGHUP during startup", () => {
  it("does not end the process; the hangups become one reload once serving", async () => {
    const lines = ["$ORIGIN hup.test.\n$TTL 60\n@ SOA ns hostmaster 1 3600 600 86400 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n"];
    for (let i = 0; i < 50_000; i++) lines.push(`h${i} A 10.0.${(i >> 8) & 255}.${i & 255}\n`);
    writeFileSync(join(dir, "hup.test.zone"), lines.join(""));
    const port = await freePort();
    const config = join(dir, "dnsteer.json");
    writeFileSync(config, JSON.stringify({ listen: [{ address: "127.0.0.1", port }], zones: [{ file: "hup.test.zone" }], dataDir: dir }));

    const child = spawn(BIN, ["serve", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stderr.on("data", (d) => (log += d));
    let exitCode: number | null | undefined;
    let exitSignal: string | null = null;
    child.on("exit", (code, signal) => {
      exitCode = code;
      exitSignal = signal;
    });
    let hangups = 0;
    const sender = setInterval(() => {
      if (child.exitCode === null && log.length > 0 && !log.includes('"msg":"serving"')) {
        child.kill("SIGHUP");
        hangups++;
      }
    }, 100);
    try {
      for (let i = 0; i < 600 && exitCode === undefined && !log.includes('"msg":"zones reloaded"'); i++)
        await new Promise((r) => setTimeout(r, 100));
      clearInterval(sender);
      expect(exitCode, `exited (signal ${exitSignal}):\n${log}`).toBeUndefined();
      expect(hangups).toBeGreaterThanOrEqual(5);
      expect(log).toContain('"msg":"serving"');
      await new Promise((r) => setTimeout(r, 500)); // time for wrongly doubled reloads to show
      // One for all the early ones; a second only if a hangup crossed "serving" on its way here.
      const reloads = log.split('"msg":"zones reloaded"').length - 1;
      expect(reloads).toBeGreaterThanOrEqual(1);
      expect(reloads).toBeLessThanOrEqual(2);
      const www = await run("dig", ["@127.0.0.1", "-p", String(port), "www.hup.test", "A", "+short"]);
      expect(www.stdout.trim()).toBe("192.0.2.10");
    } finally {
      clearInterval(sender);
      await stop(child);
    }
  }, 90_000);
});
