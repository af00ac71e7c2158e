import { describe, expect, it } from "vitest";
import { isSubdomain, labelCount, nameFromLabelBytes, nameToWire, nameWireLength, parentName, parseName, replaceSuffix } from "./name.js";

describe("parseName", () => {
  it.each([
    ["Example.TEST.", undefined, "example.test."],
    ["www", "example.test.", "www.example.test."],
    [".", undefined, "."],
    ["a\\.b.test.", undefined, "a\\.b.test."],
    ["a\\046b.test.", undefined, "a\\.b.test."],
    ["\\065bc.test.", undefined, "abc.test."],
    ["sp\\ ace.test.", undefined, "sp\\ ace.test."],
    ["\\000.test.", undefined, "\\000.test."],
    ["*.test.", undefined, "*.test."],
    ["trailing\\.", "test.", "trailing\\..test."],
  ])("%s (origin %s) -> %s", (text, origin, want) => {
    expect(parseName(text, origin)).toBe(want);
  });

  it.each([
    ["a..b.", "BAD_NAME"],
    ["", "BAD_NAME"],
    ["rel", "BAD_NAME"],
    ["a\\256.", "BAD_NAME"],
    ["a\\12x.", "BAD_NAME"], // \DDD needs exactly three digits
    ["a\\1.", "BAD_NAME"],
    ["a\\", "BAD_NAME"],
    ["caf\u00e9.", "BAD_NAME"],
    [`${"a".repeat(64)}.`, "BAD_LABEL"],
    [`${"a.".repeat(128)}`, "NAME_TOO_LONG"],
  ])("rejects %j with %s", (text, code) => {
    expect(() => parseName(text)).toThrow(expect.objectContaining({ code }));
  });
});

describe("name helpers", () => {
  it("wire form and its length agree, escapes resolved", () => {
    const n = parseName("a\\.b.Test.");
    expect(Buffer.from(nameToWire(n)).toString("hex")).toBe("03612e620474657374" + "00");
    expect(nameWireLength(n)).toBe(10);
    expect(nameToWire(".")).toEqual(Uint8Array.of(0));
  });

  it.each([
    ["www.example.test.", "example.test.", true],
    ["example.test.", "example.test.", true],
    ["xexample.test.", "example.test.", false],
    ["a\\.example.test.", "example.test.", false],
    ["anything.", ".", true],
    ["test.", "example.test.", false],
  ])("isSubdomain(%s, %s) = %s", (name, ancestor, want) => {
    expect(isSubdomain(name, ancestor)).toBe(want);
  });

  it("parentName, labelCount and replaceSuffix", () => {
    expect(parentName("a\\.b.test.")).toBe("test.");
    expect(parentName("test.")).toBe(".");
    expect(parentName(".")).toBe(".");
    expect(labelCount("a.b.c.")).toBe(3);
    expect(replaceSuffix("x.y.legacy.example.test.", "legacy.example.test.", "other.test.")).toBe("x.y.other.test.");
  });

  it("nameFromLabelBytes lowercases and escapes", () => {
    expect(nameFromLabelBytes([[0x41, 0x2e, 0x20, 0x07], [0x54]])).toBe("a\\.\\ \\007.t.");
  });
});
