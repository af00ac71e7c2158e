import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { keyringOf, Transfers, zoneTransferPolicy } from "@dnsteer/xfr";
import { loadZoneFile, ZoneSet } from "@dnsteer/zone";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../../fixtures/peers/free-port.js";
import { DnsServer } from "../src/index.js";

/**
 * NSD 4.6 and BIND 9.18 (Debian's) as secondaries of dnsteer, with TSIG and without: the first
 * transfer, then an edit + reload whose NOTIFY makes them transfer again (IXFR: they hold the
 * zone) and answer the new record. Knot's run, with kdig, is xfr-knot.test.ts.
 */
const SECRET = Buffer.from("dnsteer-secondaries-secret-012345").toString("base64");
const zoneText = (serial: number, extra = "") => `$ORIGIN example.test.
$TTL 300
@    SOA ns1 hostmaster ${serial} 3600 600 86400 60
@    NS  ns1
ns1  A   192.0.2.53
www  A   192.0.2.10
${Array.from({ length: 1500 }, (_, i) => `h${i} TXT "${"filler ".repeat(6)}${i}"`).join("\n")}
${extra}
`;

interface Peer {
  name: string;
  binary: string;
  config(dir: string, port: number, primaryPort: number, tsig: boolean): { file: string; text: string };
  args(conf: string): string[];
  /** The second transfer was an IXFR: the peer's log shows a few hundred octets or five records, not the 95 KB zone. */
  ixfr: RegExp;
}

const peers: Peer[] = [
  {
    name: "NSD",
    binary: "nsd",
    config: (dir, port, primaryPort, tsig) => ({
      file: join(dir, "nsd.conf"),
      text: `server:
  ip-address: 127.0.0.1@${port}
  port: ${port}
  username: ""
  chroot: ""
  zonesdir: "${dir}"
  database: ""
  pidfile: "${dir}/nsd.pid"
  xfrdfile: "${dir}/xfrd.state"
  zonelistfile: "${dir}/zone.list"
  xfrdir: "${dir}"
  server-count: 1
  verbosity: 2
remote-control:
  control-enable: no
key:
  name: "xfr-key"
  algorithm: hmac-sha256
  secret: "${SECRET}"
zone:
  name: "example.test"
  zonefile: "example.test.secondary"
  request-xfr: 127.0.0.1@${primaryPort} ${tsig ? "xfr-key" : "NOKEY"}
  allow-notify: 127.0.0.1 ${tsig ? "xfr-key" : "NOKEY"}
`,
    }),
    args: (conf) => ["-d", "-c", conf],
    ixfr: /received update to serial 2 .* of \d{1,3} bytes/,
  },
  {
    name: "BIND",
    binary: "named",
    config: (dir, port, primaryPort, tsig) => ({
      file: join(dir, "named.conf"),
      text: `options {
  directory "${dir}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  recursion no;
  dnssec-validation no;
  notify no;
};
controls { };
key "xfr-key" { algorithm hmac-sha256; secret "${SECRET}"; };
zone "example.test" {
  type secondary;
  file "${dir}/example.test.secondary";
  primaries { 127.0.0.1 port ${primaryPort}${tsig ? " key xfr-key" : ""}; };
  allow-notify { ${tsig ? "key xfr-key" : "127.0.0.1"}; };
};
`,
    }),
    args: (conf) => ["-g", "-c", conf],
    ixfr: /Transfer completed: 1 messages, 5 records, .*\(serial 2\)/,
  },
];

async function kdig(port: number, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)("kdig", ["@127.0.0.1", "-p", String(port), "+time=1", "+retry=0", ...args], {
      encoding: "utf8",
      timeout: 5000,
    });
    return stdout + stderr;
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? "") + String((e as { stderr?: string }).stderr ?? "");
  }
}

async function until(what: string, fn: () => Promise<boolean>, log: () => string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n--- log ---\n${log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

for (const peer of peers)
  for (const tsig of [true, false]) {
    describe(`${peer.name} as a secondary of dnsteer (${tsig ? "TSIG" : "no TSIG"}, NOTIFY, IXFR)`, () => {
      const dir = mkdtempSync(join(tmpdir(), `dnsteer-xfr-${peer.binary}-`));
      const zoneFile = join(dir, "primary.zone");
      let server: DnsServer | undefined;
      let child: ChildProcess | undefined;
      let log = "";
      let port = 0;
      const serialIs = async (n: number) => (await kdig(port, ["+short", "example.test.", "SOA"])).split(/\s+/)[2] === String(n);

      afterAll(async () => {
        if (child && child.exitCode === null) {
          const gone = new Promise((r) => child!.once("exit", r));
          child.kill("SIGTERM");
          await gone;
        }
        await server?.stop();
        rmSync(dir, { recursive: true, force: true });
      });

      it("transfers the zone at start, then the change after NOTIFY", async () => {
        writeFileSync(zoneFile, zoneText(1));
        port = await freePort();
        const keys = keyringOf([{ name: "xfr-key", algorithm: "hmac-sha256", secret: SECRET }]);
        const transfers = new Transfers(
          [
            zoneTransferPolicy(
              { origin: "example.test.", allow: ["127.0.0.1"], key: tsig ? "xfr-key" : undefined, notify: [`127.0.0.1:${port}`] },
              keys,
            ),
          ],
          keys,
          { retry: { tries: 5, firstWaitMs: 500 } },
        );
        server = new DnsServer({
          listen: [{ address: "127.0.0.1", port: 0 }],
          loadZones: () => new ZoneSet([loadZoneFile(zoneFile, { origin: "example.test." })]),
          services: { transfers },
        });
        await server.start();
        transfers.start(server.current().zones);
        const conf = peer.config(dir, port, server.ports()[0]!.port, tsig);
        writeFileSync(conf.file, conf.text);
        child = spawn(peer.binary, peer.args(conf.file), { stdio: ["ignore", "pipe", "pipe"] });
        child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
        child.stderr!.on("data", (d: Buffer) => (log += d.toString()));

        await until(
          "serial 1",
          () => serialIs(1),
          () => log,
        );
        expect(await kdig(port, ["+short", "h1499.example.test.", "TXT"])).toContain("1499");

        writeFileSync(zoneFile, zoneText(2, "new A 192.0.2.20"));
        const before = server.current().zones;
        expect((await server.reload()).ok).toBe(true);
        expect(transfers.afterReload(before, server.current().zones)[0]).toMatchObject({ change: "raised", notified: 1 });
        const [outcome] = await transfers.settled();
        expect(outcome, log).toMatchObject({ ok: true, rcode: 0 });
        await until(
          "serial 2",
          () => serialIs(2),
          () => log,
        );
        expect((await kdig(port, ["+short", "new.example.test.", "A"])).trim()).toBe("192.0.2.20");
        expect(log).toMatch(peer.ixfr);
      }, 60_000);

      it("from outside the ACL (127.0.0.2; allow is 127.0.0.1) the transfer is refused, key or not", async () => {
        const out = await kdig(server!.ports()[0]!.port, [
          "-b",
          "127.0.0.2",
          ...(tsig ? ["-y", `hmac-sha256:xfr-key:${SECRET}`] : []),
          "example.test.",
          "AXFR",
        ]);
        expect(out).toMatch(/REFUSED/);
        expect(out).not.toMatch(/IN\s+NS/);
      });
    });
  }
