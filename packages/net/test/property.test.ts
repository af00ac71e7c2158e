import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatAddress,
  formatPrefix,
  maskInPlace,
  type Prefix,
  parseAddress,
  parseAddressInto,
  parsePrefix,
  parseScopedAddressInto,
  prefixContains,
} from "../src/index.js";

// References independent of this package: node:net's isIP (its own validator) and the WHATWG URL
// host serializer, which writes IPv6 exactly as RFC 5952 4 does. BigInt arithmetic for prefixes.

const whatwg = (v6: string) => new URL(`http://[${v6}]/`).hostname.slice(1, -1);
const bytesArb = fc.oneof(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 16, maxLength: 16 }));
/** Mostly-zero groups, so "::" runs of every length and position come up often. */
const sparseV6 = fc
  .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .map((g) => Uint8Array.from(g.flatMap((x) => [x >> 8, x & 0xff])));
const toBig = (b: Uint8Array) => b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);

describe("parse and format", () => {
  it("bytes -> text -> bytes is the identity, and the text is canonical", () => {
    fc.assert(
      fc.property(fc.oneof(bytesArb, sparseV6), (bytes) => {
        const text = formatAddress(bytes);
        expect(parseAddress(text).bytes).toEqual(bytes);
        expect(text).toBe(bytes.length === 4 ? [...bytes].join(".") : whatwg(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("every IPv6 spelling parses to the RFC 5952 form the URL serializer gives", () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        expect(isIP(text)).toBe(6);
        const canonical = formatAddress(parseAddress(text).bytes);
        expect(canonical).toBe(whatwg(text));
        expect(formatAddress(parseAddress(canonical).bytes)).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts exactly the IPv4 spellings node:net accepts (no octal, hex or short forms)", () => {
    fc.assert(
      fc.property(fc.ipV4Extended(), (text) => {
        expect(parseAddressInto(text, new Uint8Array(16)) === 4).toBe(isIP(text) === 4);
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with node:net on strings made of address characters", () => {
    const chars = fc.constantFrom(..."0123456789abcdefABCDEF:.:.:".split(""));
    const near = fc.oneof(
      fc.string({ unit: chars, maxLength: 45 }),
      fc
        .tuple(fc.ipV6(), fc.nat(), fc.string({ unit: chars, maxLength: 3 }))
        .map(([t, at, s]) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1))),
      fc.tuple(fc.ipV6(), fc.stringMatching(/^[a-z0-9]{1,6}$/)).map(([t, zone]) => `${t}%${zone}`),
    );
    fc.assert(
      fc.property(near, (text) => {
        const out = new Uint8Array(16);
        const node = isIP(text);
        if (text.includes("%")) {
          expect(parseAddressInto(text, out)).toBe(0);
          expect(parseScopedAddressInto(text, out)).toBe(node);
        } else {
          expect(parseAddressInto(text, out)).toBe(node);
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe("prefixes against a BigInt reference", () => {
  const prefixArb = bytesArb.chain((bytes) => fc.nat({ max: bytes.length * 8 }).map((length): [Uint8Array, number] => [bytes, length]));
  const bigMask = (bits: number, length: number) => ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - length)) - 1n);

  it("parsePrefix(clear) keeps the first bits, and formatPrefix/parsePrefix round-trip", () => {
    fc.assert(
      fc.property(prefixArb, ([bytes, length]) => {
        const bits = bytes.length * 8;
        const p = parsePrefix(`${formatAddress(bytes)}/${length}`, "clear");
        expect(toBig(p.bytes)).toBe(toBig(bytes) & bigMask(bits, length));
        expect(parsePrefix(formatPrefix(p))).toEqual(p);
      }),
      { numRuns: 2000 },
    );
  });

  it("maskInPlace truncates, prefixContains", () => {
    fc.assert(
      fc.property(prefixArb, bytesArb, fc.nat(), ([bytes, length], other, cut) => {
        const bits = bytes.length * 8;
        const p: Prefix = parsePrefix(`${formatAddress(bytes)}/${length}`, "clear");
        const shorter = cut % (length + 1);
        const t: Prefix = { family: p.family, bytes: maskInPlace(p.bytes.slice(), shorter), length: shorter };
        expect(toBig(t.bytes)).toBe(toBig(bytes) & bigMask(bits, shorter));
        expect(prefixContains(t, p)).toBe(true);
        expect(prefixContains(p, t)).toBe(shorter === length);
        // Against an unrelated address of either family, and one sharing the first `length` bits.
        const a = parseAddress(formatAddress(other));
        const inside = a.family === p.family && (toBig(a.bytes) & bigMask(bits, length)) === toBig(p.bytes);
        expect(prefixContains(p, a)).toBe(inside);
        const near = parseAddress(formatAddress(bytes));
        expect(prefixContains(p, near)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
