// `pnpm docs:graph [--write] [root]`: prints the workspace package graph block of docs/architecture.md,
// generated from the package.json files; with --write, puts it between the doc's markers instead.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { architecturePath, expectedArchitecture, renderGraph, workspaceGraph } from "./package-graph.js";

const args = process.argv.slice(2).filter((arg) => arg !== "--");
const write = args.includes("--write");
const root = resolve(args.find((arg) => arg !== "--write") ?? resolve(import.meta.dirname, "../.."));
if (write) {
  const path = architecturePath(root);
  const next = expectedArchitecture(root);
  const changed = readFileSync(path, "utf8") !== next;
  if (changed) writeFileSync(path, next);
  console.log(`docs:graph: ${path} ${changed ? "updated" : "already up to date"}`);
} else {
  console.log(renderGraph(workspaceGraph(root)));
}
