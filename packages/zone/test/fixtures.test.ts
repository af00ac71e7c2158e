import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { RRType, rdataToText, type TXTData } from "@dnsteer/wire";
import { describe, expect, it } from "vitest";
import { loadZoneFile, ZoneSet } from "../src/index.js";

const ZONES = resolve(import.meta.dirname, "../../../fixtures/zones");
const KNOTC = "/usr/sbin/knotc";

describe("fixtures/zones", () => {
  const example = loadZoneFile(join(ZONES, "example.test.zone"));
  const other = loadZoneFile(join(ZONES, "other.test.zone"));
  const rdata = (name: string, type: number) =>
    example.nodes
      .get(name)
      ?.rrsets.get(type)
      ?.rdata.map((d) => rdataToText(type, d)) ?? [];

  it("example.test. has what README.md promises", () => {
    expect(example.origin).toBe("example.test.");
    expect(rdata("example.test.", RRType.NS)).toEqual(["ns1.example.test.", "ns2.example.test."]);
    expect([...example.cuts].sort()).toEqual(["child.example.test.", "sibling.example.test."]);
    expect(example.nodes.get("ent.wild.example.test.")?.rrsets.size).toBe(0);
    expect(rdata("legacy.example.test.", RRType.DNAME)).toEqual(["other.test."]);
    expect(rdata("www.example.test.", RRType.HTTPS)).toEqual(['1 . alpn="h2,h3" ipv4hint=192.0.2.80 ipv6hint=2001:db8::80']);
    expect(rdata("opaque.example.test.", 65534)).toEqual(["\\# 4 0A000001"]);
    const long = example.nodes.get("long.example.test.")!.rrsets.get(RRType.TXT)!.rdata[0] as TXTData;
    expect(long.strings.map((s) => s.length)).toEqual([255, 27]);
    expect(example.nodes.get("www.example.test.")!.rrsets.get(RRType.A)!.ttl).toBe(300);
  });

  it("other.test. delegates child and points shop into example.test.", () => {
    expect([...other.cuts]).toEqual(["child.other.test."]);
    expect(other.nodes.get("shop.other.test.")?.rrsets.get(RRType.CNAME)?.rdata).toEqual([{ target: "www.example.test." }]);
    const set = new ZoneSet([example, other]);
    expect(set.find("x.legacy.example.test.")).toBe(example);
    expect(set.find("ns.child.other.test.")).toBe(other);
  });

  // The same files must load in Knot DNS, which the differential test runs them against.
  it.skipIf(!existsSync(KNOTC))("Knot's zone-check with semantic checks accepts both", () => {
    const dir = mkdtempSync(join(tmpdir(), "dnsteer-knotc-"));
    try {
      const conf = join(dir, "knot.conf");
      writeFileSync(
        conf,
        [
          "server:",
          `    rundir: "${dir}"`,
          "database:",
          `    storage: "${dir}/db"`,
          "template:",
          "  - id: default",
          "    semantic-checks: on",
          "zone:",
          "  - domain: example.test.",
          `    file: "${join(ZONES, "example.test.zone")}"`,
          "  - domain: other.test.",
          `    file: "${join(ZONES, "other.test.zone")}"`,
          "",
        ].join("\n"),
      );
      // Throws (and fails the test) on a non-zero exit status.
      execFileSync(KNOTC, ["-c", conf, "zone-check"], { stdio: "pipe" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
