import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkWorkspace, type PackageReport } from "../src/readme-check.js";
import { manifest, removeTree, writeTree } from "./tree.js";

const repoRoot = resolve(import.meta.dirname, "../..");
const tsx = resolve(repoRoot, "node_modules/.bin/tsx");
const cli = resolve(repoRoot, "tooling/src/readme-check-cli.ts");

/** One package per way of going wrong, plus one that is right. */
const files: Record<string, string> = {
  "pnpm-workspace.yaml": "packages:\n  - packages/*\n  - bench\nallowBuilds:\n  esbuild: true\n",
  "packages/good/package.json": manifest(
    "@dnsteer/good",
    { "@dnsteer/net": "workspace:*", zod: "4.6.7" },
    { "@dnsteer/wire": "workspace:*" },
  ),
  "packages/good/README.md": "# good\nMay import: @dnsteer/net (types only),\nzod; node built-ins except fs/net.\nPure.\n",
  "packages/good/src/index.ts":
    'import type { Address } from "@dnsteer/net";\nimport { z } from "zod";\nimport { join } from "node:path";\n',
  "packages/good/test/good.test.ts":
    'import { Name } from "@dnsteer/wire";\nimport fc from "fast-check";\nimport { readFileSync } from "node:fs";\n',
  "packages/lists-extra/package.json": manifest("@dnsteer/lists-extra"),
  "packages/lists-extra/README.md": "May import: @dnsteer/wire; no node built-ins\n",
  "packages/omits-dep/package.json": manifest("@dnsteer/omits-dep", { zod: "4.6.7" }),
  "packages/omits-dep/README.md": "May import: nothing; no node built-ins\n",
  "packages/omits-dep/src/index.ts": 'import { z } from "zod";\n',
  "packages/undeclared/package.json": manifest("@dnsteer/undeclared"),
  "packages/undeclared/README.md": "May import: nothing; no node built-ins\n",
  "packages/undeclared/src/index.ts": 'export { Name } from "@dnsteer/wire";\n',
  "packages/unused/package.json": manifest("@dnsteer/unused", { "@dnsteer/zone": "workspace:*" }),
  "packages/unused/README.md": "May import: @dnsteer/zone; no node built-ins\n",
  "packages/unused/src/index.ts": "export const x = 1;\n",
  "packages/test-undeclared/package.json": manifest("@dnsteer/test-undeclared"),
  "packages/test-undeclared/README.md": "May import: nothing; no node built-ins\n",
  "packages/test-undeclared/test/x.test.ts": 'import { loadZoneFile } from "@dnsteer/zone";\n',
  "packages/io/package.json": manifest("@dnsteer/io"),
  "packages/io/README.md": "May import: nothing; node built-ins except fs/net\n",
  "packages/io/src/index.ts": 'import { readFile } from "node:fs/promises";\nimport { resolve } from "node:path";\n',
  "packages/no-line/package.json": manifest("@dnsteer/no-line"),
  "packages/no-line/README.md": "# no-line\nMay import `zod` only.\n",
  "packages/two-lines/package.json": manifest("@dnsteer/two-lines"),
  "packages/two-lines/README.md": "May import: nothing; no node built-ins\nMay import: zod; no node built-ins\n",
  "packages/malformed/package.json": manifest("@dnsteer/malformed"),
  "packages/malformed/README.md": "May import: nothing. Pure: no I/O.\n",
  "packages/no-readme/package.json": manifest("@dnsteer/no-readme"),
  "bench/package.json": manifest("@dnsteer/bench", { "@dnsteer/good": "workspace:*" }),
  "bench/run.ts": 'import { x } from "@dnsteer/good";\nimport { y } from "@dnsteer/zone";\n',
};

let root: string;
let reports: Map<string, PackageReport>;
beforeAll(() => {
  root = writeTree(files);
  reports = new Map(checkWorkspace(root).map((report) => [report.dir, report]));
});
afterAll(() => removeTree(root));

describe("readme:check on a crafted workspace", () => {
  it("finds every workspace package and accepts the one that is right", () => {
    expect([...reports.keys()]).toHaveLength(12);
    expect(reports.get("packages/good")!.problems).toEqual([]);
  });

  it.each([
    ["packages/lists-extra", "readme-lists-undeclared", '"May import:" lists @dnsteer/wire, not in package.json dependencies'],
    ["packages/omits-dep", "readme-omits-declared", '"May import:" omits zod, which package.json lists in dependencies'],
    [
      "packages/undeclared",
      "import-undeclared",
      "src/index.ts imports @dnsteer/wire, which packages/undeclared/package.json does not list",
    ],
    ["packages/unused", "declared-unused", "lists @dnsteer/zone in dependencies, but nothing in src/ and bin/ imports it"],
    [
      "packages/test-undeclared",
      "test-import-undeclared",
      "test/x.test.ts imports @dnsteer/zone, which packages/test-undeclared/package.json declares in neither",
    ],
    ["packages/io", "builtin-not-allowed", "packages/io/src/index.ts imports node:fs/promises, which packages/io/README.md"],
    ["packages/no-line", "may-import-missing", 'packages/no-line/README.md has no line starting "May import: "'],
    ["packages/two-lines", "may-import-repeated", 'has 2 "May import:" lines'],
    ["packages/malformed", "may-import-malformed", "needs two clauses"],
    ["packages/no-readme", "readme-missing", "packages/no-readme has no README.md"],
    ["bench", "import-undeclared", "bench/run.ts imports @dnsteer/zone, which bench/package.json does not list"],
  ])("%s: %s", (dir, code, message) => {
    const problems = reports.get(dir)!.problems;
    expect(problems.map((problem) => problem.code)).toContain(code);
    expect(problems.find((problem) => problem.code === code)!.message).toContain(message);
  });

  it("reports only what is wrong: exactly one problem in each crafted mistake", () => {
    for (const [dir, report] of reports) expect([dir, report.problems.length]).toEqual([dir, dir === "packages/good" ? 0 : 1]);
  });

  it("the CLI prints each problem under its package and fails with a one-line summary", () => {
    let output = "";
    let status = 0;
    try {
      execFileSync(tsx, [cli, root], { encoding: "utf8" });
    } catch (error) {
      const failed = error as { status: number; stdout: string };
      status = failed.status;
      output = failed.stdout;
    }
    expect(status).toBe(1);
    expect(output).toContain("@dnsteer/omits-dep (packages/omits-dep):\n  readme-omits-declared: packages/omits-dep/README.md");
    expect(output.trimEnd().split("\n").at(-1)).toBe("readme:check: 11 problems in 11 of 12 packages");
  });
});

describe("readme:check on this repository", () => {
  it("passes (every README's May import line matches its package.json and imports)", () => {
    const problems = checkWorkspace(repoRoot).flatMap((report) => report.problems.map((problem) => `${problem.code}: ${problem.message}`));
    expect(problems).toEqual([]);
  });
});
