import { readdirSync, readFileSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";

export interface Asset {
  body: Buffer;
  contentType: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * Every servable file under `dir`, read once, keyed by its path with "/" separators. Only
 * these keys are ever served: a request path is looked up, never joined onto the folder.
 */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const type = TYPES[extname(entry.name)];
    if (type === undefined) continue;
    const path = join(entry.parentPath, entry.name);
    assets.set(relative(dir, path).split(sep).join("/"), { body: readFileSync(path), contentType: type });
  }
  return assets;
}
