import { describe, expect, it } from "vitest";
import { importSpecifiers, importTarget } from "../src/imports.js";

describe("importSpecifiers", () => {
  it("finds static, type-only, multi-line, side-effect, re-export, dynamic and require imports", () => {
    const source = [
      'import { a } from "@dnsteer/wire";',
      'import type { B } from "@dnsteer/model";',
      "import {",
      "  c,",
      "  type D,",
      '} from "./local.js";',
      'import * as fs from "node:fs";',
      'import "tsx/esm";',
      'export { e } from "@dnsteer/net";',
      'export * from "./all.js";',
      'const f = await import("zod");',
      'const g = require("dns2");',
    ].join("\n");
    expect(importSpecifiers(source).sort()).toEqual(
      ["./all.js", "./local.js", "@dnsteer/model", "@dnsteer/net", "@dnsteer/wire", "dns2", "node:fs", "tsx/esm", "zod"].sort(),
    );
  });

  it("ignores commented-out imports and strings that only contain 'from'", () => {
    const source = [
      '// import { x } from "@dnsteer/server";',
      ' * import { y } from "@dnsteer/api";',
      "export function read(p: string) {",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test, not a template
      '  throw new Error(`read from "${p}" failed`);',
      "}",
    ].join("\n");
    expect(importSpecifiers(source)).toEqual([]);
  });
});

describe("importTarget", () => {
  it.each([
    ["./x.js", { kind: "relative" }],
    ["node:fs", { kind: "builtin", name: "fs" }],
    ["fs/promises", { kind: "builtin", name: "fs/promises" }],
    ["@dnsteer/wire", { kind: "package", name: "@dnsteer/wire" }],
    ["tsx/esm/api", { kind: "package", name: "tsx" }],
    ["@fastify/swagger-ui/x", { kind: "package", name: "@fastify/swagger-ui" }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: text a pattern may capture from a string, not a template
    ["${p}", undefined],
  ])("%s", (specifier, target) => {
    expect(importTarget(specifier)).toEqual(target);
  });
});
