import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RRType } from "@dnsteer/wire";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadZoneOptions, loadZoneFile, ZoneError } from "../src/index.js";

/**
 * $INCLUDE as an attacker or an unlucky operator uses it (issue 11): devices, FIFOs, folders,
 * sockets, files elsewhere on the system, huge files, deep nesting, secrets in error messages.
 */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-inc-"));
const elsewhere = mkdtempSync(join(tmpdir(), "dnsteer-inc-other-"));
let socketServer: net.Server;
afterAll(() => {
  socketServer?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

const APEX = "$ORIGIN example.test.\n$TTL 300\n@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n"; // 5 lines

function write(path: string, text: string | Buffer): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A zone file in `dir/<name>` whose line 6 is `$INCLUDE <target>`. */
function zoneIncluding(name: string, target: string): string {
  return write(join(dir, name), `${APEX}$INCLUDE ${target}\n`);
}

function rejection(path: string, opts: LoadZoneOptions = {}): ZoneError {
  try {
    loadZoneFile(path, opts);
  } catch (e) {
    if (e instanceof ZoneError) return e;
    throw e;
  }
  throw new Error("zone was accepted");
}

beforeAll(async () => {
  socketServer = net.createServer();
  await new Promise<void>((resolve) => socketServer.listen(join(dir, "dns.sock"), resolve));
});

describe("$INCLUDE reads only regular files", () => {
  it.each([
    ["/dev/zero (a device that never ends)", "/dev/zero", "a character device", ["/dev"]],
    ["a FIFO (would block forever)", "fifo", "a FIFO", []],
    ["a directory", "subdir", "a directory", []],
    ["a unix socket", "dns.sock", "a socket", []],
  ])("%s is refused at once with file:line", (_label, target, kind, extraDirs) => {
    if (target === "fifo") execFileSync("mkfifo", [join(dir, "fifo")]);
    if (target === "subdir") mkdirSync(join(dir, "subdir"));
    const zone = zoneIncluding(`reg-${target.replace(/\W/g, "")}.zone`, target);
    const e = rejection(zone, { includeDirs: extraDirs });
    expect(e.code).toBe("INCLUDE_DENIED");
    expect(e.message).toBe(`${zone}:6: $INCLUDE file "${target}" is ${kind}, not a regular file`);
  });

  it("a zone file that is a FIFO is refused too, without blocking", () => {
    execFileSync("mkfifo", [join(dir, "zone-fifo")]);
    const e = rejection(join(dir, "zone-fifo"), { origin: "example.test." });
    expect(e.code).toBe("IO");
    expect(e.message).toBe(`${join(dir, "zone-fifo")}:0: zone file is a FIFO, not a regular file`);
  });
});

describe("$INCLUDE stays inside the allowed folders", () => {
  const outside = write(join(elsewhere, "hosts.inc"), "www A 192.0.2.10\n");

  it("refuses a file outside the zone file's folder", () => {
    const zone = zoneIncluding("out/abs.zone", outside);
    const e = rejection(zone);
    expect(e.code).toBe("INCLUDE_DENIED");
    expect(e.message).toMatch(
      new RegExp(`^${zone}:6: \\$INCLUDE file ".{1,32}" is outside the folders zone files may include from \\(${join(dir, "out")}\\)$`),
    );
  });

  it.each([
    ["/dev/zero", "/dev/zero"],
    ["/etc/shadow", "/etc/shadow"],
  ])("$INCLUDE %s as written in the issue: refused before it is opened, nothing of it in the message", (_label, target) => {
    const zone = zoneIncluding(`literal-${target.replace(/\W/g, "")}.zone`, target);
    const e = rejection(zone);
    expect(e.code).toBe("INCLUDE_DENIED");
    expect(e.message).toBe(`${zone}:6: $INCLUDE file "${target}" is outside the folders zone files may include from (${dir})`);
  });

  it("refuses ../ out of the folder and a symbolic link that leads out", () => {
    const up = zoneIncluding("up/dotdot.zone", "../../" + outside.split("/").slice(-2).join("/"));
    expect(rejection(up).code).toBe("INCLUDE_DENIED");
    symlinkSync(outside, join(dir, "link.inc"));
    expect(rejection(zoneIncluding("link.zone", "link.inc")).code).toBe("INCLUDE_DENIED");
  });

  it("reads it when its folder is configured, and subfolders of the zone's folder always", () => {
    const zone = zoneIncluding("cfg/abs.zone", outside);
    expect(
      loadZoneFile(zone, { includeDirs: [elsewhere] })
        .nodes.get("www.example.test.")
        ?.rrsets.has(RRType.A),
    ).toBe(true);
    write(join(dir, "deep/sub/hosts.inc"), "deep A 192.0.2.11\n");
    const deep = zoneIncluding("deep/main.zone", "sub/hosts.inc");
    expect(loadZoneFile(deep).nodes.get("deep.example.test.")?.rrsets.has(RRType.A)).toBe(true);
  });
});

describe("$INCLUDE size and depth limits", () => {
  it("refuses a file over the per-file limit before reading it", () => {
    write(join(dir, "size/big.inc"), "; padding\n".repeat(100));
    const zone = zoneIncluding("size/main.zone", "big.inc");
    const e = rejection(zone, { limits: { maxFileBytes: 500 } });
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toBe(`${zone}:6: $INCLUDE file "big.inc" is 1000 octets, over the limit of 500 per file`);
  });

  it("counts every file (and every inclusion of one) against the total", () => {
    write(join(dir, "total/part.inc"), "; padding\n".repeat(10)); // 100 octets
    const zone = write(join(dir, "total/main.zone"), `${APEX}$INCLUDE part.inc\n$INCLUDE part.inc\n$INCLUDE part.inc\n`);
    const size = APEX.length + 3 * "$INCLUDE part.inc\n".length;
    const e = rejection(zone, { limits: { maxTotalBytes: size + 250 } });
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toBe(
      `${zone}:8: $INCLUDE file "part.inc" would bring the zone to ${size + 300} octets, over the limit of ${size + 250} in all`,
    );
    expect(() => loadZoneFile(zone, { limits: { maxTotalBytes: size + 300 } })).not.toThrow();
  });

  it("refuses nesting deeper than the limit", () => {
    for (let i = 1; i <= 4; i++) write(join(dir, `depth/${i}.inc`), i < 4 ? `$INCLUDE ${i + 1}.inc\n` : "leaf A 192.0.2.1\n");
    const zone = zoneIncluding("depth/main.zone", "1.inc");
    expect(loadZoneFile(zone, { limits: { maxIncludeDepth: 4 } }).nodes.has("leaf.example.test.")).toBe(true);
    const e = rejection(zone, { limits: { maxIncludeDepth: 3 } });
    expect(e.message).toBe(`${join(dir, "depth/3.inc")}:1: $INCLUDE nested more than 3 deep`);
  });

  it("refuses a zone file over the limit", () => {
    const zone = write(join(dir, "limit.zone"), APEX);
    const e = rejection(zone, { limits: { maxFileBytes: 10 } });
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toBe(`${zone}:0: zone file is ${APEX.length} octets, over the limit of 10 per file`);
  });
});

describe("errors never echo more of a file than a short token", () => {
  const secret = "root:$y$j9T$SALTSALTSALTSALT$HASHHASHHASHHASHHASHHASHHASHHASH:19000:0:99999:7:::";

  it("a non-zone file included by mistake: its name and line, at most 32 printable characters of it", () => {
    const shadow = write(join(dir, "secrets/shadow"), `${secret}\ndaemon:*:19000:0:99999:7:::\n`);
    const zone = zoneIncluding("secrets/main.zone", "shadow");
    const e = rejection(zone);
    expect(e.file).toBe(shadow);
    expect(e.line).toBe(1);
    expect(e.message).not.toContain("HASH");
    const quoted = [...e.message.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    for (const q of quoted) expect(q.length).toBeLessThanOrEqual(32);
  });

  it("binary garbage is shown escaped, never raw", () => {
    const garbage = Buffer.concat([
      Buffer.from("w 1"),
      Buffer.from([0x01, 0x1b]),
      Buffer.from("[2J"),
      Buffer.from([0xff]),
      Buffer.from(" A 192.0.2.1\n"),
    ]);
    const bin = write(join(dir, "bin/garbage.inc"), garbage);
    const e = rejection(zoneIncluding("bin/main.zone", "garbage.inc"));
    expect(e.message).toBe(`${bin}:1: bad TTL "1\\001\\027[2J\\255"`);
  });

  it("a very long token is cut short", () => {
    const zone = write(join(dir, "long.zone"), `${APEX}www 1${"x".repeat(5000)} A 192.0.2.1\n`);
    const e = rejection(zone);
    expect(e.message).toBe(`${zone}:6: bad TTL "1${"x".repeat(28)}..."`);
  });
});
