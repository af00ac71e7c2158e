import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  architecturePath,
  expectedArchitecture,
  type GraphNode,
  layers,
  renderGraph,
  replaceGraph,
  workspaceGraph,
} from "../src/package-graph.js";
import { manifest, removeTree, writeTree } from "./tree.js";

const repoRoot = resolve(import.meta.dirname, "../..");
const tsx = resolve(repoRoot, "node_modules/.bin/tsx");
const cli = resolve(repoRoot, "tooling/src/package-graph-cli.ts");

describe("docs/architecture.md's package graph", () => {
  it("is what `pnpm docs:graph --write` generates from the package.json files (run it after changing dependencies)", () => {
    expect(readFileSync(architecturePath(repoRoot), "utf8")).toBe(expectedArchitecture(repoRoot));
  });
});

describe("package graph", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) removeTree(root);
  });

  it("reads workspace dependencies from package.json; test-only ones are listed apart and do not raise the layer", () => {
    const root = writeTree({
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n  - apps/*\n",
      "packages/base/package.json": manifest("@dnsteer/base", { zod: "4.6.7" }),
      "packages/mid/package.json": manifest("@dnsteer/mid", { "@dnsteer/base": "workspace:*" }),
      "packages/ui/package.json": manifest("@dnsteer/ui", {}, { "@dnsteer/mid": "workspace:*" }),
      "apps/cli/package.json": manifest("@dnsteer/cli", { "@dnsteer/mid": "workspace:*", "@dnsteer/base": "workspace:*" }),
    });
    roots.push(root);
    const nodes = workspaceGraph(root);
    expect(nodes).toContainEqual({ label: "apps/cli", deps: ["base", "mid"], testDeps: [] });
    expect(nodes).toContainEqual({ label: "ui", deps: [], testDeps: ["mid"] });
    expect(Object.fromEntries(layers(nodes))).toEqual({ "apps/cli": 2, base: 0, mid: 1, ui: 0 });
    const block = renderGraph(nodes);
    expect(block).toContain("layer 0  base\n         ui        (tests: mid)\nlayer 1  mid       ← base\nlayer 2  apps/cli  ← base, mid\n");
  });

  it("finds a stale block, and `--write` replaces it and nothing else in the doc", () => {
    const root = writeTree({
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
      "packages/base/package.json": manifest("@dnsteer/base"),
      "packages/top/package.json": manifest("@dnsteer/top", { "@dnsteer/base": "workspace:*" }),
      "docs/architecture.md": "# A\n\n<!-- package-graph:start -->\nlayer 0  base\n<!-- package-graph:end -->\n\n## B\n",
    });
    roots.push(root);
    const path = join(root, "docs/architecture.md");
    expect(readFileSync(path, "utf8")).not.toBe(expectedArchitecture(root));
    const out = execFileSync(tsx, [cli, "--write", root], { encoding: "utf8" });
    expect(out).toContain("updated");
    const doc = readFileSync(path, "utf8");
    expect(doc).toBe(expectedArchitecture(root));
    expect(doc.startsWith("# A\n\n<!-- package-graph:start -->")).toBe(true);
    expect(doc.endsWith("<!-- package-graph:end -->\n\n## B\n")).toBe(true);
    expect(doc).toContain("layer 1  top   ← base");
    expect(execFileSync(tsx, [cli, "--write", root], { encoding: "utf8" })).toContain("already up to date");
  });

  it("names the packages of a dependency cycle", () => {
    const nodes: GraphNode[] = [
      { label: "a", deps: ["b"], testDeps: [] },
      { label: "b", deps: ["c"], testDeps: [] },
      { label: "c", deps: ["a"], testDeps: [] },
    ];
    expect(() => layers(nodes)).toThrow("workspace dependency cycle: a → b → c → a");
  });

  it("replaces only the text between the markers, and says so when they are missing", () => {
    const doc = "# t\n\n<!-- package-graph:start -->\nold\n<!-- package-graph:end -->\n\nafter\n";
    expect(replaceGraph(doc, "NEW")).toBe("# t\n\nNEW\n\nafter\n");
    expect(() => replaceGraph("# no markers\n", "NEW")).toThrow("package-graph:start");
  });
});
