import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RRType } from "@dnsteer/wire";
import { afterAll, describe, expect, it } from "vitest";
import { loadZoneFile, parseZone, ZoneError } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "dnsteer-zone-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const APEX = "$TTL 300\n@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n";

describe("$INCLUDE", () => {
  it("resolves relative to the including file, and the origin argument applies only inside", () => {
    write("inc/hosts.inc", "www A 192.0.2.10\n");
    write("inc/sub.inc", "host A 192.0.2.11\n");
    const main = write(
      "inc/main.zone",
      `$ORIGIN example.test.\n${APEX}$INCLUDE hosts.inc\n$INCLUDE sub.inc sub.example.test.\nafter A 192.0.2.12\n`,
    );
    const z = loadZoneFile(main);
    expect(z.origin).toBe("example.test.");
    expect(z.nodes.get("www.example.test.")?.rrsets.has(RRType.A)).toBe(true);
    expect(z.nodes.get("host.sub.example.test.")?.rrsets.has(RRType.A)).toBe(true);
    // After the include the parent's origin is back (RFC 1035 5.1).
    expect(z.nodes.get("after.example.test.")?.rrsets.has(RRType.A)).toBe(true);
  });

  it("reports errors inside an included file with that file's name and line", () => {
    const inc = write("err/bad.inc", "ok A 192.0.2.1\nbad A nope\n");
    write("err/main.zone", `${APEX}$INCLUDE bad.inc\n`);
    const e = catchZoneError(() => loadZoneFile(join(dir, "err/main.zone"), { origin: "example.test." }));
    expect(e.message).toBe(`${inc}:2: bad A rdata: A address: "nope" is not an IPv4 address`);
  });

  it("refuses an include loop", () => {
    write("loop/a.inc", "$INCLUDE b.inc\n");
    write("loop/b.inc", "$INCLUDE a.inc\n");
    const main = write("loop/main.zone", `${APEX}$INCLUDE a.inc\n`);
    const e = catchZoneError(() => loadZoneFile(main, { origin: "example.test." }));
    expect(e.code).toBe("INCLUDE_FAILED");
    expect(e.message).toBe(`${join(dir, "loop/b.inc")}:1: $INCLUDE loop: "a.inc" is already being read`);
  });

  it("uses includeRoot for text without a file", () => {
    write("root/hosts.inc", "www A 192.0.2.10\n");
    const z = parseZone(`${APEX}$INCLUDE hosts.inc\n`, { origin: "example.test.", includeRoot: join(dir, "root") });
    expect(z.nodes.get("www.example.test.")?.rrsets.has(RRType.A)).toBe(true);
  });
});

describe("loadZoneFile origin", () => {
  it("takes the origin from an absolute SOA owner", () => {
    const path = write("o/abs.zone", "Example.Test. 300 SOA ns1 h 1 2 3 4 5\n NS ns1\nns1 A 192.0.2.1\n");
    expect(loadZoneFile(path).origin).toBe("example.test.");
  });

  it("cannot guess from a relative first owner", () => {
    const path = write("o/rel.zone", "@ 300 SOA ns1 h 1 2 3 4 5\n");
    expect(catchZoneError(() => loadZoneFile(path)).message).toBe(
      `${path}:1: cannot tell the zone origin from relative name "@": give an origin or use $ORIGIN`,
    );
  });

  it("reports a missing file as IO", () => {
    expect(catchZoneError(() => loadZoneFile(join(dir, "nope.zone"))).code).toBe("IO");
  });
});

function catchZoneError(f: () => unknown): ZoneError {
  try {
    f();
  } catch (e) {
    if (e instanceof ZoneError) return e;
    throw e;
  }
  throw new Error("no error");
}
