import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type NameTargetData, RRType, rdataToText, rdataToWire } from "@dnsteer/wire";
import { afterAll, describe, expect, it } from "vitest";
import { loadZoneFile, parseZone, type Zone } from "../src/index.js";

/** RFC 1035 master files are octets: what the file holds is what goes on the wire (issue 11). */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-bytes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const APEX = Buffer.from("$ORIGIN example.test.\n$TTL 300\n@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n");
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

function loadBytes(name: string, body: Buffer): Zone {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([APEX, body]));
  return loadZoneFile(path);
}

function txtWire(z: Zone, owner: string): Buffer {
  const set = z.nodes.get(owner)!.rrsets.get(RRType.TXT)!;
  return Buffer.from(rdataToWire(RRType.TXT, set.rdata[0]!));
}

describe("character-strings keep the file's octets", () => {
  // "caf" + 0xE9 (Latin-1 é, invalid as UTF-8) and "caf" + C3 A9 (UTF-8 é), quoted and not.
  const body = bytes(
    'latin TXT "caf',
    [0xe9],
    '" "caf',
    [0xc3, 0xa9],
    '"\n',
    "bare TXT caf",
    [0xe9],
    "\n",
    'ctl TXT "a',
    [0x01, 0x7f],
    'b"\n',
  );
  const z = loadBytes("octets.zone", body);

  it("a lone 0xE9 and a UTF-8 sequence reach the wire RDATA unchanged", () => {
    expect(txtWire(z, "latin.example.test.")).toEqual(bytes([4], "caf", [0xe9], [5], "caf", [0xc3, 0xa9]));
    expect(txtWire(z, "bare.example.test.")).toEqual(bytes([4], "caf", [0xe9]));
  });

  it("a backslash before a raw octet escapes that octet (was: the four octets \\233)", () => {
    // RFC 1035 5.1: \X is X. The lexer once kept the backslash and wrote the octet as \DDD after it.
    const esc = loadBytes("backslash.zone", bytes('q TXT "\\', [0xe9], '" a\\', [0x01], "b\n", "n\\", [0xe9], " A 192.0.2.7\n"));
    expect(txtWire(esc, "q.example.test.")).toEqual(bytes([1], [0xe9], [3], "a", [0x01], "b"));
    expect([...esc.nodes.keys()]).toContain("n\\233.example.test.");
  });

  it("control octets inside quotes too", () => {
    expect(txtWire(z, "ctl.example.test.")).toEqual(bytes([4], "a", [0x01, 0x7f], "b"));
  });

  it("\\DDD escapes give the same octets, and presentation escapes them back", () => {
    const escaped = loadBytes("escaped.zone", bytes('latin TXT "caf\\233" "caf\\195\\169"\n'));
    expect(txtWire(escaped, "latin.example.test.")).toEqual(txtWire(z, "latin.example.test."));
    const set = z.nodes.get("latin.example.test.")!.rrsets.get(RRType.TXT)!;
    expect(rdataToText(RRType.TXT, set.rdata[0]!)).toBe('"caf\\233" "caf\\195\\169"');
  });

  it("parseZone takes bytes as they are, and a string as its UTF-8", () => {
    const fromBytes = parseZone(Buffer.concat([APEX, body]), { origin: "example.test." });
    expect(txtWire(fromBytes, "latin.example.test.")).toEqual(txtWire(z, "latin.example.test."));
    const fromString = parseZone(`${APEX.toString()}s TXT "café"\n`, { origin: "example.test." });
    expect(txtWire(fromString, "s.example.test.")).toEqual(bytes([5], "caf", [0xc3, 0xa9]));
  });
});

describe("names with octets outside ASCII", () => {
  // BIND takes such octets as they are; Knot rejects the file. Both show them as \DDD.
  const z = loadBytes("names.zone", bytes("n", [0xe9], " A 192.0.2.9\n", "alias CNAME N", [0xe9], "\n"));

  it("are those octets, shown as \\DDD in the canonical name (ASCII letters alone fold case)", () => {
    expect(z.nodes.get("n\\233.example.test.")?.rrsets.get(RRType.A)?.rdata).toEqual([{ address: "192.0.2.9" }]);
    const target = z.nodes.get("alias.example.test.")!.rrsets.get(RRType.CNAME)!.rdata[0] as NameTargetData;
    expect(target.target).toBe("n\\233.example.test.");
  });

  it("and the same name written with \\DDD is the same node", () => {
    const escaped = loadBytes("names-escaped.zone", bytes("n\\233 A 192.0.2.9\n"));
    expect([...escaped.nodes.keys()]).toContain("n\\233.example.test.");
  });
});
