import { describe, expect, it } from "vitest";
import { allowsBuiltin, mayImportLines, parseMayImport } from "../src/may-import.js";

describe("parseMayImport", () => {
  it.each([
    ["May import: @dnsteer/wire, dns2; node built-ins except fs/net", ["@dnsteer/wire", "dns2"], { kind: "except", names: ["fs", "net"] }],
    ["May import: nothing; no node built-ins.", [], { kind: "none" }],
    ["May import: zod; node built-ins", ["zod"], { kind: "all" }],
    [
      "May import: @dnsteer/model (types only), @dnsteer/net; node built-ins (node:fs for zone files)",
      ["@dnsteer/model", "@dnsteer/net"],
      { kind: "all" },
    ],
  ])("%s", (line, packages, builtins) => {
    expect(parseMayImport(line)).toEqual({ ok: true, value: { packages, builtins } });
  });

  it.each([
    ["May import: @dnsteer/wire", /two clauses/],
    ["May import: @dnsteer/wire only. Pure: no I/O; node built-ins", /not a package name: "@dnsteer\/wire only. Pure: no I\/O"/],
    ["May import: zod, zod; node built-ins", /listed twice: zod/],
    ["May import: ; node built-ins", /not a package name: ""/],
    ["May import: zod; node built-ins but not fs", /built-ins clause must be/],
    ["May import: zod; node built-ins except node:fs", /built-ins clause must be/],
    ["May import: zod; no node built-ins; never apps", /two clauses/],
  ])("rejects %s", (line, reason) => {
    const parsed = parseMayImport(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe("mayImportLines", () => {
  it("joins a line ending in a comma or semicolon with the next, and only those", () => {
    const readme = ["# x", "May import: a,", "b;", "node built-ins", "Prose.", "", "Not May import: c"].join("\n");
    expect(mayImportLines(readme)).toEqual(["May import: a, b; node built-ins"]);
  });
});

describe("allowsBuiltin", () => {
  const except = { kind: "except", names: ["fs", "net"] } as const;
  it.each([
    ["fs", false],
    ["node:fs", false],
    ["fs/promises", false],
    ["net", false],
    ["path", true],
    ["node:netfoo", true],
  ])("except fs/net: %s -> %s", (name, allowed) => {
    expect(allowsBuiltin(except, name)).toBe(allowed);
  });
  it("none allows nothing, all allows everything", () => {
    expect(allowsBuiltin({ kind: "none" }, "path")).toBe(false);
    expect(allowsBuiltin({ kind: "all" }, "fs")).toBe(true);
  });
});
