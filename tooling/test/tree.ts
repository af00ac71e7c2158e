import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A throwaway folder holding `files` (path -> text); `links` are symlinks (path -> target), as pnpm makes. */
export function writeTree(files: Record<string, string>, links: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "dnsteer-tooling-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    symlinkSync(target, join(root, path));
  }
  return root;
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** A workspace package.json as ours look: ESM, a `source` export condition, the given dependencies. */
export function manifest(name: string, dependencies: Record<string, string> = {}, devDependencies: Record<string, string> = {}): string {
  const exports = { ".": { source: "./src/index.ts", default: "./src/index.ts" } };
  return JSON.stringify({ name, private: true, type: "module", exports, dependencies, devDependencies }, null, 2);
}
