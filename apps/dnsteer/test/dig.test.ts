import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturesDir } from "@dnsteer/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, serveOnFreePort, stop } from "./run.js";

/** `dig` and `kdig` (Debian) against a real `dnsteer serve` process on the example zone. */
let child: ChildProcess;
let port: number;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-dig-"));
  const config = join(dir, "dnsteer.json");
  // A second zone with an answer too large for 512 octets, beside the embedded example zone.
  const big = Array.from({ length: 6 }, (_, i) => `big TXT "${String(i).repeat(250)}"`).join("\n");
  writeFileSync(join(dir, "big.test.zone"), `$ORIGIN big.test.\n$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n${big}\n`);
  const zones = [{ file: join(fixturesDir, "zones/example.test.zone"), origin: "example.test." }, { file: "big.test.zone" }];
  ({ child, port } = await serveOnFreePort((port) => {
    writeFileSync(
      config,
      JSON.stringify({
        listen: [
          { address: "127.0.0.1", port },
          { address: "::1", port },
        ],
        zones,
        nsid: "dnsteer-test",
        dataDir: dir,
        chaos: { version: "dnsteer", identity: null },
      }),
    );
    return ["--config", config];
  }));
});
afterAll(() => stop(child));

const at = () => ["@127.0.0.1", "-p", String(port)];

describe("dig", () => {
  it("answers A over UDP with AA", async () => {
    const r = await run("dig", [...at(), "www.example.test", "A", "+norec"]);
    expect(r.stdout).toContain("status: NOERROR");
    expect(r.stdout).toMatch(/flags: qr aa;/);
    expect(r.stdout).toMatch(/www\.example\.test\.\s+\d+\s+IN\s+A\s+192\.0\.2\.\d+/);
  });

  it("answers over IPv6, UDP and TCP", async () => {
    const udp = await run("dig", ["@::1", "-p", String(port), "www.example.test", "A", "+short"]);
    expect(udp.stdout.trim()).toBe("192.0.2.80");
    const tcp = await run("dig", ["@::1", "-p", String(port), "www.example.test", "AAAA", "+tcp", "+short"]);
    expect(tcp.stdout.trim()).toBe("2001:db8::80");
  });

  it("answers over TCP", async () => {
    const r = await run("dig", [...at(), "www.example.test", "AAAA", "+tcp", "+short"]);
    expect(r.stdout.trim()).toMatch(/^2001:db8:/);
  });

  it("keeps the query's case in the answer", async () => {
    const r = await run("dig", [...at(), "WwW.ExAmPlE.TeSt", "A", "+noall", "+answer"]);
    expect(r.stdout).toContain("WwW.ExAmPlE.TeSt.");
  });

  it("returns NSID when asked", async () => {
    const r = await run("dig", [...at(), "www.example.test", "+nsid"]);
    expect(r.stdout).toContain('NSID: 64 6e 73 74 65 65 72 2d 74 65 73 74 ("dnsteer-test")');
  });

  it("answers NXDOMAIN with the SOA, and REFUSED outside the zone", async () => {
    const nx = await run("dig", [...at(), "nope.example.test", "A"]);
    expect(nx.stdout).toContain("status: NXDOMAIN");
    expect(nx.stdout).toMatch(/AUTHORITY SECTION:\nexample\.test\.\s+\d+\s+IN\s+SOA/);
    const refused = await run("dig", [...at(), "www.example.com", "A"]);
    expect(refused.stdout).toContain("status: REFUSED");
  });

  it("honours +bufsize: an answer larger than 512 is truncated, then retried over TCP", async () => {
    const udp = await run("dig", [...at(), "big.big.test", "TXT", "+bufsize=512", "+ignore"]);
    expect(udp.stdout).toMatch(/flags:[^;]*\btc\b/);
    const retried = await run("dig", [...at(), "big.big.test", "TXT", "+bufsize=512"]);
    expect(retried.stdout).toContain("status: NOERROR");
    expect(retried.stdout).not.toMatch(/flags:[^;]*\btc\b/);
    expect(retried.stdout).toMatch(/ANSWER: 6,/);
  });

  it("answers CHAOS version.bind when configured", async () => {
    const r = await run("dig", [...at(), "version.bind", "CH", "TXT", "+short"]);
    expect(r.stdout.trim()).toBe('"dnsteer"');
  });
});

describe("kdig", () => {
  it("answers over UDP and TCP", async () => {
    const udp = await run("kdig", [...at(), "www.example.test", "A", "+short"]);
    expect(udp.stdout.trim()).toMatch(/^192\.0\.2\.\d+$/);
    const tcp = await run("kdig", [...at(), "www.example.test", "A", "+tcp", "+short"]);
    expect(tcp.stdout.trim()).toBe(udp.stdout.trim());
  });

  it("sends +nsid and +bufsize and gets them honoured", async () => {
    const r = await run("kdig", [...at(), "www.example.test", "+nsid", "+bufsize=1400"]);
    expect(r.stdout).toContain('NSID: 646E73746565722D74657374 "dnsteer-test"');
    expect(r.stdout).toMatch(/Version: 0; flags: ; UDP size: 1232 B/);
  });
});
