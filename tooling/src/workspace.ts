import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** One workspace package as the checks see it: where it is, what it declares, its source files. */
export interface WorkspacePackage {
  /** Folder relative to the workspace root, e.g. "packages/wire". */
  dir: string;
  name: string;
  /** dependencies, optionalDependencies and peerDependencies: what its shipped code may use. */
  runtimeDeps: Set<string>;
  devDeps: Set<string>;
  /** README.md text, if the package has one. */
  readme: string | undefined;
  /** Shipped code: src/ and bin/ (or the whole folder if it has no src/), tests excluded. Relative to the root. */
  productionFiles: string[];
  /** Everything else: test/, bench/, *.test.ts. */
  otherFiles: string[];
  /** Where the shipped code is, for messages: "src/ and bin/" or "its files outside tests". */
  shippedScope: string;
}

const SOURCE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const TEST_FILE = /\.test\.[cm]?[jt]s$/;
const SKIPPED_DIRS = new Set(["node_modules", ".tmp", "data", "dist", "coverage"]);

/** The folders listed in pnpm-workspace.yaml's `packages:` ("dir/*" and plain "dir" entries). */
export function workspaceDirs(root: string): string[] {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const dirs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split("\n")) {
    if (/^\S/.test(line)) inPackages = line.trim() === "packages:";
    const entry = inPackages ? /^\s+-\s+["']?([^"'\s]+)["']?\s*$/.exec(line) : null;
    if (!entry) continue;
    const pattern = entry[1]!;
    if (pattern.endsWith("/*")) {
      const parent = pattern.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const child of readdirSync(join(root, parent)).sort()) dirs.push(`${parent}/${child}`);
    } else {
      dirs.push(pattern);
    }
  }
  return dirs.filter((dir) => existsSync(join(root, dir, "package.json")));
}

export function readWorkspacePackage(root: string, dir: string): WorkspacePackage {
  const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as Record<string, unknown>;
  const keys = (field: string) => Object.keys((manifest[field] as Record<string, string> | undefined) ?? {});
  const readmePath = join(root, dir, "README.md");
  const hasSrc = existsSync(join(root, dir, "src"));
  const productionFiles: string[] = [];
  const otherFiles: string[] = [];
  for (const file of sourceFiles(join(root, dir))) {
    const inPackage = relative(join(root, dir), file).split(sep).join("/");
    const shipped = hasSrc ? /^(src|bin)\//.test(inPackage) : true;
    (shipped && !TEST_FILE.test(inPackage) ? productionFiles : otherFiles).push(relative(root, file).split(sep).join("/"));
  }
  return {
    dir,
    name: String(manifest.name),
    runtimeDeps: new Set([...keys("dependencies"), ...keys("optionalDependencies"), ...keys("peerDependencies")]),
    devDeps: new Set(keys("devDependencies")),
    readme: existsSync(readmePath) ? readFileSync(readmePath, "utf8") : undefined,
    productionFiles,
    otherFiles,
    shippedScope: hasSrc ? "src/ and bin/" : "its files outside tests",
  };
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    const stats = statSync(path);
    if (stats.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry)) files.push(...sourceFiles(path));
    } else if (SOURCE_FILE.test(entry) && !entry.endsWith(".d.ts")) {
      files.push(path);
    }
  }
  return files;
}
