/**
 * The workspace package graph of docs/architecture.md, generated from the package.json files:
 * each workspace package, grouped by layer (a package's layer is one more than the highest layer
 * it depends on, so layer 0 depends on no workspace package), with "← depends on …" listing its
 * runtime dependencies on other workspace packages. Dependencies used only by tests (devDependencies)
 * follow as "(tests: …)": they do not place a package in a layer.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { readWorkspacePackage, workspaceDirs } from "./workspace.js";

export const GRAPH_START = "<!-- package-graph:start -->";
export const GRAPH_END = "<!-- package-graph:end -->";

/** One node of the graph: its label ("wire", "apps/dnsteer") and the labels of the workspace packages it uses. */
export interface GraphNode {
  label: string;
  deps: string[];
  testDeps: string[];
}

export class PackageGraphError extends Error {
  constructor(
    readonly code: "CYCLE" | "NO_MARKERS",
    message: string,
  ) {
    super(message);
    this.name = "PackageGraphError";
  }
}

/** Reads the graph from the workspace at `root`: packages/x is labelled "x", anything else by its folder. */
export function workspaceGraph(root: string): GraphNode[] {
  const packages = workspaceDirs(root).map((dir) => readWorkspacePackage(root, dir));
  const labelOf = new Map(packages.map((pkg) => [pkg.name, pkg.dir.startsWith("packages/") ? basename(pkg.dir) : pkg.dir]));
  const workspaceLabels = (names: Set<string>) =>
    [...names].flatMap((name) => {
      const label = labelOf.get(name);
      return label === undefined ? [] : [label];
    });
  return packages.map((pkg) => {
    const deps = workspaceLabels(pkg.runtimeDeps);
    const testDeps = workspaceLabels(pkg.devDeps).filter((label) => !deps.includes(label));
    return { label: labelOf.get(pkg.name)!, deps: deps.sort(), testDeps: testDeps.sort() };
  });
}

/** Layer of every node; throws CYCLE naming the packages of a cycle, which would have no layer. */
export function layers(nodes: readonly GraphNode[]): Map<string, number> {
  const byLabel = new Map(nodes.map((node) => [node.label, node]));
  const layer = new Map<string, number>();
  const visiting: string[] = [];
  const visit = (label: string): number => {
    const known = layer.get(label);
    if (known !== undefined) return known;
    const start = visiting.indexOf(label);
    if (start >= 0) {
      throw new PackageGraphError("CYCLE", `workspace dependency cycle: ${[...visiting.slice(start), label].join(" → ")}`);
    }
    visiting.push(label);
    const deps = byLabel.get(label)?.deps ?? [];
    const own = deps.reduce((highest, dep) => Math.max(highest, visit(dep) + 1), 0);
    visiting.pop();
    layer.set(label, own);
    return own;
  };
  for (const node of nodes) visit(node.label);
  return layer;
}

/** The Markdown block between the markers (markers included): a text block that reads the same in a terminal. */
export function renderGraph(nodes: readonly GraphNode[]): string {
  const layerOf = layers(nodes);
  const width = Math.max(...nodes.map((node) => node.label.length));
  const top = Math.max(...layerOf.values());
  const lines: string[] = [];
  for (let layer = 0; layer <= top; layer++) {
    const inLayer = nodes.filter((node) => layerOf.get(node.label) === layer).sort((a, b) => a.label.localeCompare(b.label));
    inLayer.forEach((node, i) => {
      const head = i === 0 ? `layer ${layer}`.padEnd(9) : " ".repeat(9);
      const deps = node.deps.length > 0 ? `← ${node.deps.join(", ")}` : "";
      const tests = node.testDeps.length > 0 ? `(tests: ${node.testDeps.join(", ")})` : "";
      lines.push(`${head}${node.label.padEnd(width)}  ${[deps, tests].filter(Boolean).join("  ")}`.trimEnd());
    });
  }
  return [
    GRAPH_START,
    "<!-- generated from the package.json files by `pnpm docs:graph --write`; do not edit by hand -->",
    "",
    "```text",
    ...lines,
    "```",
    "",
    GRAPH_END,
  ].join("\n");
}

/** `doc` with the text between (and including) the markers replaced by `block`. */
export function replaceGraph(doc: string, block: string): string {
  const start = doc.indexOf(GRAPH_START);
  const end = doc.indexOf(GRAPH_END);
  if (start < 0 || end < start) throw new PackageGraphError("NO_MARKERS", `the doc needs ${GRAPH_START} ... ${GRAPH_END}`);
  return doc.slice(0, start) + block + doc.slice(end + GRAPH_END.length);
}

export function architecturePath(root: string): string {
  return join(root, "docs/architecture.md");
}

/** What docs/architecture.md should hold: its current text with a freshly generated graph. */
export function expectedArchitecture(root: string): string {
  const path = architecturePath(root);
  const doc = existsSync(path) ? readFileSync(path, "utf8") : "";
  return replaceGraph(doc, renderGraph(workspaceGraph(root)));
}
