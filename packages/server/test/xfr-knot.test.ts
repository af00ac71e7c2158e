import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { keyringOf, type NotifyOutcome, Transfers, zoneTransferPolicy } from "@dnsteer/xfr";
import { loadZoneFile, ZoneSet } from "@dnsteer/zone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../fixtures/peers/free-port.js";
import { DnsServer } from "../src/index.js";

/**
 * Knot 3.2 (Debian's knotd) as a secondary of dnsteer: it transfers the zone by AXFR with TSIG
 * at start, is sent a NOTIFY after an edit and a reload, transfers the change by IXFR and then
 * answers the new data. kdig checks AXFR with TSIG independently, and a wrong key.
 */
const SECRET = Buffer.from("dnsteer-knot-interop-secret-0123").toString("base64");
const KEY = { name: "xfr-key", algorithm: "hmac-sha256", secret: SECRET };
const zoneText = (serial: number, extra = "") => `$ORIGIN example.test.
$TTL 300
@    SOA ns1 hostmaster ${serial} 3600 600 86400 60
@    NS  ns1
ns1  A   192.0.2.53
www  A   192.0.2.10
${Array.from({ length: 2000 }, (_, i) => `h${i} TXT "${"filler ".repeat(6)}${i}"`).join("\n")}
${extra}
`;

const dir = mkdtempSync(join(tmpdir(), "dnsteer-xfr-knot-"));
const zoneFile = join(dir, "example.test.zone");
let server: DnsServer;
let transfers: Transfers;
let knot: ChildProcess | undefined;
let knotLog = "";
let knotPort = 0;
let dnsPort = 0;
const notified: NotifyOutcome[] = [];

/**
 * kdig, never blocking: dnsteer answers from this process, and knotd transfers from it while
 * we ask, so a synchronous child would stall both. Output and errors as text.
 */
async function kdig(port: number, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)("kdig", ["@127.0.0.1", "-p", String(port), ...args], {
      encoding: "utf8",
      timeout: 10_000,
    });
    return stdout + stderr;
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? "") + String((e as { stderr?: string }).stderr ?? "");
  }
}
const dig = (args: string[]) => kdig(knotPort, args);
const digDnsteer = (args: string[]) => kdig(dnsPort, args);

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n--- knotd log ---\n${knotLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const secondarySerial = async () => {
  const out = (await dig(["+short", "+time=1", "+retry=0", "example.test.", "SOA"])).trim();
  const serial = Number(out.split(/\s+/)[2]);
  return Number.isInteger(serial) ? serial : undefined;
};

beforeAll(async () => {
  writeFileSync(zoneFile, zoneText(1));
  const keys = keyringOf([KEY]);
  knotPort = await freePort();
  transfers = new Transfers(
    [
      zoneTransferPolicy(
        {
          origin: "example.test.",
          allow: ["127.0.0.0/8"],
          key: "xfr-key",
          notify: [`127.0.0.1:${knotPort}`],
          journalPath: join(dir, "example.test.journal"),
        },
        keys,
      ),
    ],
    keys,
    { retry: { tries: 5, firstWaitMs: 500 }, onNotify: (_o, outcome) => notified.push(outcome) },
  );
  server = new DnsServer({
    listen: [{ address: "127.0.0.1", port: 0 }],
    loadZones: () => new ZoneSet([loadZoneFile(zoneFile, { origin: "example.test." })]),
    services: { transfers },
  });
  await server.start();
  transfers.start(server.current().zones);
  dnsPort = server.ports()[0]!.port;

  mkdirSync(join(dir, "knot"));
  const conf = join(dir, "knot.conf");
  writeFileSync(
    conf,
    `server:
    rundir: ${dir}/knot
    listen: 127.0.0.1@${knotPort}
log:
  - target: stderr
    any: info
database:
    storage: ${dir}/knot
key:
  - id: xfr-key
    algorithm: hmac-sha256
    secret: ${SECRET}
remote:
  - id: primary
    address: 127.0.0.1@${dnsPort}
    key: xfr-key
acl:
  - id: notify-from-primary
    address: 127.0.0.1
    key: xfr-key
    action: notify
template:
  - id: default
    storage: ${dir}/knot
zone:
  - domain: example.test
    master: primary
    acl: notify-from-primary
    zonefile-sync: -1
    zonefile-load: none
    journal-content: changes
`,
  );
  knot = spawn("knotd", ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  knot.stderr!.on("data", (d: Buffer) => (knotLog += d.toString()));
}, 30_000);

afterAll(async () => {
  if (knot && knot.exitCode === null) {
    const gone = new Promise((r) => knot!.once("exit", r));
    knot.kill("SIGTERM");
    await gone;
  }
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("Knot as a secondary of dnsteer (AXFR + TSIG, NOTIFY, IXFR)", () => {
  it("transfers the zone by AXFR with TSIG at start and answers it", async () => {
    expect(await until("the first AXFR", secondarySerial)).toBe(1);
    expect(knotLog).toMatch(/AXFR, incoming.*finished/);
    expect(await dig(["+short", "h1999.example.test.", "TXT"])).toContain("1999");
  });

  it("after an edit and a reload: NOTIFY, then IXFR, then the new data", async () => {
    writeFileSync(zoneFile, zoneText(2, "new A 192.0.2.20"));
    const before = server.current().zones;
    expect((await server.reload()).ok).toBe(true);
    const report = transfers.afterReload(before, server.current().zones);
    expect(report).toEqual([{ origin: "example.test.", serial: 2, change: "raised", notified: 1 }]);
    await transfers.settled();
    expect(notified.at(-1)).toMatchObject({ ok: true, rcode: 0 });
    expect(await until("serial 2 on the secondary", async () => ((await secondarySerial()) === 2 ? 2 : undefined))).toBe(2);
    expect((await dig(["+short", "new.example.test.", "A"])).trim()).toBe("192.0.2.20");
    expect(knotLog).toMatch(/IXFR, incoming.*finished/);
  });

  it("kdig -y transfers the zone by AXFR; a wrong secret gets NOTAUTH (BADSIG)", async () => {
    const out = await digDnsteer(["-y", `hmac-sha256:xfr-key:${SECRET}`, "example.test.", "AXFR"]);
    expect(out).toMatch(/new\.example\.test\.\s+300\s+IN\s+A\s+192\.0\.2\.20/);
    expect(out).not.toMatch(/failed|BADSIG|NOTAUTH/i);
    const wrong = Buffer.from("not the secret").toString("base64");
    const bad = await digDnsteer(["-y", `hmac-sha256:xfr-key:${wrong}`, "example.test.", "AXFR"]);
    expect(bad).toMatch(/NOTAUTH|BADSIG/);
  });

  it("without the key the transfer is refused", async () => {
    const out = await digDnsteer(["example.test.", "AXFR"]);
    expect(out).toMatch(/REFUSED/);
  });
});
