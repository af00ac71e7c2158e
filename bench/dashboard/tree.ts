import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The packages of one source tree (this one, or an older commit's `git worktree`), imported by
 * path so the same bench code drives either. Typed loosely on purpose: an older tree's API may
 * differ in details the bench does not use.
 */
export interface Tree {
  // biome-ignore lint/suspicious/noExplicitAny: two trees' modules, not one type
  api: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  storage: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  config: any;
}

export async function loadTree(root: string): Promise<Tree> {
  const at = (pkg: string) => import(pathToFileURL(join(root, "packages", pkg, "src", "index.ts")).href);
  return { api: await at("api"), storage: await at("storage"), config: await at("config") };
}

export const PROVIDERS = [
  { name: "isp-a", sourceV4: "192.0.2.1", serviceA: ["203.0.113.10"], pricePerMbps: 1, commitMbps: 400 },
  { name: "isp-b", sourceV4: "192.0.2.2", serviceA: ["203.0.113.20"], pricePerMbps: 2, commitMbps: 200 },
  { name: "isp-c", sourceV4: "192.0.2.3", serviceA: ["203.0.113.30"], pricePerMbps: 0.5, commitMbps: 0 },
];

/** Sources are 198.18.0.0/15 and up: i-th address. */
export const addressOf = (i: number) => `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;

/** Deterministic pseudo-random numbers (an LCG): the same store every run. */
export function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}
