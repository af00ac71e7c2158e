import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { manifest, removeTree, writeTree } from "./tree.js";

const repoRoot = resolve(import.meta.dirname, "../..");
const depcruise = resolve(repoRoot, "node_modules/.bin/depcruise");
const config = resolve(repoRoot, ".dependency-cruiser.cjs");

/** A small workspace that keeps every rule: pnpm-style links, pure packages, a server, two apps. */
const cleanTree: Record<string, string> = {
  "package.json": JSON.stringify({ name: "crafted", private: true, type: "module" }),
  "packages/net/package.json": manifest("@dnsteer/net"),
  "packages/net/src/index.ts": "export const net = 1;\n",
  "packages/wire/package.json": manifest("@dnsteer/wire", { "@dnsteer/net": "workspace:*" }),
  "packages/wire/src/index.ts": 'import { net } from "@dnsteer/net";\nexport const wire = net;\n',
  "packages/zone/package.json": manifest("@dnsteer/zone", { "@dnsteer/wire": "workspace:*" }),
  "packages/zone/src/index.ts":
    'import { wire } from "@dnsteer/wire";\nimport { read } from "./files.js";\nexport const zone = [wire, read];\n',
  "packages/zone/src/files.ts": 'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n',
  "packages/flow/package.json": manifest("@dnsteer/flow"),
  "packages/flow/src/index.ts":
    'import type { Stats } from "node:fs";\nimport { join } from "node:path";\nexport type S = Stats;\nexport const j = join;\n',
  "packages/server/package.json": manifest("@dnsteer/server", { "@dnsteer/wire": "workspace:*" }),
  "packages/server/src/index.ts":
    'import { createSocket } from "node:dgram";\nimport { wire } from "@dnsteer/wire";\nexport const server = [createSocket, wire];\n',
  "apps/one/package.json": manifest("@dnsteer/one", { "@dnsteer/server": "workspace:*" }),
  "apps/one/src/index.ts": 'import { server } from "@dnsteer/server";\nexport const one = server;\n',
  "apps/two/package.json": manifest("@dnsteer/two", { "@dnsteer/wire": "workspace:*" }),
  "apps/two/src/index.ts": 'import { wire } from "@dnsteer/wire";\nexport const two = wire;\n',
  "node_modules/left-pad/package.json": JSON.stringify({ name: "left-pad", version: "1.3.0", main: "index.js" }),
  "node_modules/left-pad/index.js": "module.exports = (s) => s;\n",
};
const links: Record<string, string> = {
  "node_modules/@dnsteer/net": "../../packages/net",
  "node_modules/@dnsteer/wire": "../../packages/wire",
  "node_modules/@dnsteer/zone": "../../packages/zone",
  "node_modules/@dnsteer/flow": "../../packages/flow",
  "node_modules/@dnsteer/server": "../../packages/server",
  "node_modules/@dnsteer/one": "../../apps/one",
};

/** One file per mistake, each breaking exactly the rule named beside it. */
const mistakes: [rule: string, file: string, text: string][] = [
  ["wire-depends-only-on-net", "packages/wire/src/bad-server.ts", 'export { server } from "@dnsteer/server";\n'],
  ["net-depends-on-nothing-of-ours", "packages/net/src/bad-wire.ts", 'export { wire } from "@dnsteer/wire";\n'],
  ["pure-packages-no-io", "packages/flow/src/io.ts", 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n'],
  ["pure-packages-no-io", "packages/zone/src/parse.ts", 'import { readFile } from "node:fs/promises";\nexport const r = readFile;\n'],
  ["pure-packages-no-io", "packages/wire/src/ecs.ts", 'import { isIP } from "node:net";\nexport const ip = isIP;\n'],
  ["no-reaching-into-another-package", "packages/server/src/reach.ts", 'export { wire } from "../../wire/src/index.js";\n'],
  ["packages-not-to-apps", "packages/server/src/app.ts", 'export { one } from "@dnsteer/one";\n'],
  ["apps-not-to-other-apps", "apps/two/src/other.ts", 'export { one } from "@dnsteer/one";\n'],
  ["no-circular", "packages/server/src/cycle-a.ts", 'import { b } from "./cycle-b.js";\nexport const a = () => b;\n'],
  ["no-circular", "packages/server/src/cycle-b.ts", 'import type { a } from "./cycle-a.js";\nexport const b: typeof a | 1 = 1;\n'],
  ["not-to-unresolvable", "packages/server/src/missing.ts", 'export { gone } from "./nowhere.js";\n'],
  ["no-undeclared-package", "packages/server/src/npm.ts", 'import pad from "left-pad";\nexport const p = pad;\n'],
  ["no-orphans", "packages/server/src/lonely.ts", "export const lonely = 1;\n"],
];

const trees: string[] = [];
afterAll(() => trees.forEach(removeTree));

/** Runs depcruise exactly as `pnpm deps:check` does; returns its exit status and text output. */
function check(cwd: string, dirs: string[]): { status: number; output: string } {
  try {
    const output = execFileSync(depcruise, [...dirs, "--config", config, "--output-type", "err"], { cwd, encoding: "utf8" });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, output: failed.stdout + failed.stderr };
  }
}

/** "rule from" for each violation line ("  error rule: from → to", cycles spanning lines). */
function violations(output: string): string[] {
  return [...output.matchAll(/^\s+(?:error|warn) ([\w-]+): (\S+)/gm)].map((match) => `${match[1]} ${match[2]}`);
}

describe("dependency rules (.dependency-cruiser.cjs)", () => {
  it("pass on a crafted workspace that keeps them, type-only node:fs and zone/src/files.ts included", () => {
    const root = writeTree(cleanTree, links);
    trees.push(root);
    const { status, output } = check(root, ["packages", "apps"]);
    expect(output).toContain("no dependency violations found");
    expect(status).toBe(0);
  });

  it("fail on each deliberately wrong import, naming the rule and the file", () => {
    const root = writeTree({ ...cleanTree, ...Object.fromEntries(mistakes.map(([, file, text]) => [file, text])) }, links);
    trees.push(root);
    const { status, output } = check(root, ["packages", "apps"]);
    const found = violations(output);
    for (const [rule, file] of mistakes) {
      if (rule === "no-circular") continue; // reported once per cycle, from either end
      expect(found, output).toContain(`${rule} ${file}`);
    }
    expect(
      found.filter((line) => line.startsWith("no-circular ")),
      output,
    ).toHaveLength(1);
    expect(found.find((line) => line.startsWith("no-circular "))).toMatch(/cycle-[ab]\.ts$/);
    // Each mistake breaks only its own rule (the reach into wire's src/ is not also called unresolvable, etc.).
    expect(found.sort()).toEqual(
      mistakes
        .filter(([rule, file]) => rule !== "no-circular" || file.endsWith("cycle-a.ts"))
        .map(([rule, file]) => `${rule} ${file}`)
        .map((line) => (line.startsWith("no-circular ") ? found.find((f) => f.startsWith("no-circular "))! : line))
        .sort(),
    );
    const errors = mistakes.filter(([rule]) => rule !== "no-orphans").length - 1; // one cycle, two files
    expect(output).toContain(`${errors} errors, 1 warnings`);
    expect(status).toBe(errors);
  });

  it("pass on this repository (pnpm deps:check)", { timeout: 180_000 }, () => {
    const { status, output } = check(repoRoot, ["packages", "apps", "bench", "fixtures", "tooling"]);
    expect(violations(output), output).toEqual([]);
    expect(status).toBe(0);
  });
});
