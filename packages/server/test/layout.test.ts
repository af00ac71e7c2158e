import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The server's layout rules (README "Layout"), read from the sources: core imports only core;
 * a plugin imports core and its own folder, never a sibling; only chain.ts (the order), the
 * fast lane (chain.ts's chain for template answers, in bytes) and index.ts (the exports)
 * import plugins; no import cycles. Test files are left out.
 */
const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

/** Relative imports (and re-exports) of each file, as paths under src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"/gm)].map((m) =>
      relative(src, resolve(dirname(file), m[1]!.replace(/\.js$/, ".ts"))),
    );
    graph.set(relative(src, file), targets);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string): void => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      found.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    state.set(file, "open");
    path.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    path.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file);
  return found;
}

const pluginOf = (path: string): string | undefined => /^plugins\/([^/]+)\//.exec(path)?.[1];

describe("server layout", () => {
  const graph = importGraph();
  const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));

  it("reads the sources (the rules below have something to check)", () => {
    expect(graph.has("core/snapshot.ts") && graph.has("chain.ts") && graph.has("plugins/cache/index.ts")).toBe(true);
    expect(edges.length).toBeGreaterThan(30);
  });

  it("has no import cycles", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("core imports only core", () => {
    expect(edges.filter(({ from, to }) => from.startsWith("core/") && !to.startsWith("core/"))).toEqual([]);
  });

  it("a plugin imports core and its own folder, never a sibling or the chain", () => {
    const stray = edges.filter(
      ({ from, to }) => pluginOf(from) !== undefined && !to.startsWith("core/") && pluginOf(to) !== pluginOf(from),
    );
    expect(stray).toEqual([]);
  });

  it("only chain.ts, the fast lane (which stands in for the chain) and index.ts import plugins", () => {
    const importers = new Set(
      edges.filter(({ from, to }) => pluginOf(to) !== undefined && pluginOf(from) === undefined).map(({ from }) => from),
    );
    expect([...importers].sort()).toEqual(["chain.ts", "fast-lane/fast-lane.ts", "index.ts"]);
  });

  it("the fast lane is imported only by the listeners that run it, the server and index.ts", () => {
    const importers = new Set(
      edges.filter(({ from, to }) => to.startsWith("fast-lane/") && !from.startsWith("fast-lane/")).map((e) => e.from),
    );
    expect([...importers].sort()).toEqual(["index.ts", "server.ts", "udp/batch-listener.ts", "udp/responders.ts", "udp/worker-thread.ts"]);
  });

  it("every plugin has a README and its own tests", () => {
    for (const name of readdirSync(join(src, "plugins"))) {
      const files = readdirSync(join(src, "plugins", name));
      expect(files, name).toContain("README.md");
      expect(
        files.some((f) => f.endsWith(".test.ts")),
        `${name} has no test`,
      ).toBe(true);
    }
  });
});
