import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RRType, rdataToWire } from "@dnsteer/wire";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parseZone, ZoneError } from "../src/index.js";

/**
 * Zone text from hostile or broken files (issue 11): whatever the bytes, parsing ends in a Zone
 * or a ZoneError placed at a real line of the text, with a printable, bounded message. Never
 * another exception, never a hang.
 */
const HEAD = "$ORIGIN example.test.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n";
// $INCLUDE in generated text may only reach this empty folder.
const root = mkdtempSync(join(tmpdir(), "dnsteer-zone-fuzz-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Pieces zone files are made of, plus arbitrary octets, so the generator reaches every lexer state. */
const piece = fc.oneof(
  fc.constantFrom(" ", "\t", "\n", "\r\n", "(", ")", ";", '"', "\\", "\\0", "\\255", "\\999", "@", ".", "*", "$", "#"),
  fc.constantFrom(
    "$ORIGIN",
    "$TTL",
    "$INCLUDE",
    "$GENERATE",
    "IN",
    "CH",
    "ANY",
    "A",
    "AAAA",
    "TXT",
    "MX",
    "NS",
    "CNAME",
    "DNAME",
    "SOA",
    "SRV",
    "CAA",
    "SVCB",
    "TYPE65534",
    "CLASS3",
  ),
  fc.constantFrom(
    "www",
    "sub.www",
    "example.test.",
    "other.test.",
    "192.0.2.1",
    "2001:db8::1",
    "10",
    "1h",
    "4294967296",
    "\\# 4 c0000201",
    'alpn="h2,h3"',
  ),
  fc.stringMatching(/^[a-z0-9.-]{1,12}$/),
  fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => Buffer.from(b).toString("latin1")),
);
const body = fc.array(piece, { maxLength: 60 }).map((parts) => Buffer.from(parts.join(""), "latin1"));

function outcome(bytes: Buffer): ZoneError | "ok" {
  try {
    parseZone(Buffer.concat([Buffer.from(HEAD), bytes]), { origin: "example.test.", file: "fuzz.zone", includeRoot: root });
    return "ok";
  } catch (e) {
    if (e instanceof ZoneError) return e;
    throw e;
  }
}

describe("property: any text gives a zone or a ZoneError at file:line", () => {
  it("never throws anything else; errors point into the text and stay printable and short", () => {
    fc.assert(
      fc.property(body, (bytes) => {
        const r = outcome(bytes);
        if (r === "ok") return;
        const lines = HEAD.split("\n").length + bytes.toString("latin1").split("\n").length;
        expect(r.file).toBe("fuzz.zone");
        expect(r.line).toBeGreaterThanOrEqual(1);
        expect(r.line).toBeLessThanOrEqual(lines);
        expect(r.message).toBe(`fuzz.zone:${r.line}: ${r.what}`);
        expect(r.what).toMatch(/^[\x20-\x7e]*$/);
        expect(r.what.length).toBeLessThanOrEqual(400);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("property: a quoted character-string keeps any octets", () => {
  // Every octet but the quote, the backslash and the line feed can stand for itself in quotes.
  const octet = fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0x22 && b !== 0x5c && b !== 0x0a);
  it("the wire RDATA holds exactly the octets written, split in 255-octet strings", () => {
    fc.assert(
      fc.property(fc.array(octet, { minLength: 1, maxLength: 600 }), (octets) => {
        const text = Buffer.concat([Buffer.from(`${HEAD}t TXT "`), Buffer.from(octets), Buffer.from('"\n')]);
        const z = parseZone(text, { origin: "example.test." });
        const wire = Buffer.from(rdataToWire(RRType.TXT, z.nodes.get("t.example.test.")!.rrsets.get(RRType.TXT)!.rdata[0]!));
        const want: number[] = [];
        for (let i = 0; i < octets.length; i += 255) {
          const part = octets.slice(i, i + 255);
          want.push(part.length, ...part);
        }
        expect([...wire]).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe("an $INCLUDE name with octets that are not printable", () => {
  it("is escaped in the not-found message, path included (found by the property above: $INCLUDE \\128)", () => {
    const r = outcome(Buffer.from([...Buffer.from("$INCLUDE "), 0x80, 0x0a]));
    expect(r).toBeInstanceOf(ZoneError);
    expect((r as ZoneError).what).toMatch(/^[\x20-\x7e]*$/);
    expect((r as ZoneError).what).toContain("not found");
  });
});
