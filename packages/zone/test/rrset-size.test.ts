import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RRType } from "@dnsteer/wire";
import { describe, expect, it } from "vitest";
import { loadZoneFile, parseZone, ZoneError } from "../src/index.js";

const HEAD = "$ORIGIN example.test.\n$TTL 300\n@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n"; // 5 lines

function reject(text: string): ZoneError {
  try {
    parseZone(text, { origin: "example.test.", file: "big.zone" });
  } catch (e) {
    if (e instanceof ZoneError) return e;
    throw e;
  }
  throw new Error("zone was accepted");
}

/** `count` TXT records at `owner`, each one string of `octets` octets (distinct by a 5-digit prefix). */
function txtSet(owner: string, count: number, octets: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += `${owner} TXT "${String(i).padStart(5, "0")}${"x".repeat(octets - 5)}"\n`;
  return out;
}

/**
 * The rule (size.ts): header 12 + question (owner + 4) + OPT 11 + per record (2 pointer + 10 +
 * RDATA) <= 65535. For "big.example.test." (18 octets) that leaves 65535 - 45 = 65490 octets for
 * the records: 255 records of a 243-octet string (256 each: 65280) and one more of a 197-octet
 * string (210) fill it exactly.
 */
describe("RRsets no DNS message can carry are rejected with the file:line of their first record", () => {
  const last = (octets: number) => `big TXT "last!${"x".repeat(octets - 5)}"\n`;

  it("a TXT set one octet over the limit", () => {
    const e = reject(HEAD + "before A 192.0.2.2\n" + txtSet("big", 255, 243) + last(198));
    expect(e.code).toBe("RRSET_TOO_LARGE");
    expect(e.message).toBe(
      "big.zone:7: TXT RRset at big.example.test. (256 records) needs a 65536-octet response; no DNS message is over 65535",
    );
  });

  it("the same set one octet shorter loads", () => {
    const z = parseZone(HEAD + txtSet("big", 255, 243) + last(197), { origin: "example.test." });
    expect(z.nodes.get("big.example.test.")?.rrsets.get(RRType.TXT)?.rdata).toHaveLength(256);
  });

  it("a wildcard owner is measured with the longest question (255 octets)", () => {
    // 244 records of 268 octets (65392) fit under "big" (+45) but not under a 255-octet question (+282).
    expect(parseZone(HEAD + txtSet("big", 244, 255), { origin: "example.test." }).nodes.size).toBeGreaterThan(0);
    const e = reject(HEAD + txtSet("*.w", 244, 255));
    expect(e.message).toBe(
      "big.zone:6: TXT RRset at *.w.example.test. (244 records) needs a 65674-octet response; no DNS message is over 65535",
    );
  });

  it("inside an included file, that file's name and line", () => {
    const dir = mkdtempSync(join(tmpdir(), "dnsteer-size-"));
    try {
      writeFileSync(join(dir, "big.inc"), "; the big one\n" + txtSet("big", 300, 255));
      writeFileSync(join(dir, "main.zone"), `${HEAD}$INCLUDE big.inc\n`);
      expect(() => loadZoneFile(join(dir, "main.zone"))).toThrow(`${join(dir, "big.inc")}:2: TXT RRset at big.example.test. (300 records)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a record whose RDATA is over 65535 octets", () => {
  it("a 70000-octet TXT string (split into 255-octet strings) is rejected at its line", () => {
    const e = reject(`${HEAD}www A 192.0.2.3\nhuge TXT "${"y".repeat(70000)}"\n`);
    expect(e.code).toBe("BAD_RDATA");
    expect(e.message).toBe("big.zone:7: TXT rdata of 70275 octets: RDATA holds at most 65535");
  });

  it("a string over 255 octets is split, as BIND and Knot do", () => {
    const z = parseZone(`${HEAD}s TXT "${"z".repeat(300)}"\n`, { origin: "example.test." });
    const strings = (z.nodes.get("s.example.test.")!.rrsets.get(RRType.TXT)!.rdata[0] as { strings: Uint8Array[] }).strings;
    expect(strings.map((s) => s.length)).toEqual([255, 45]);
  });
});
