import { builtinModules } from "node:module";

/** What an import specifier points at, for the dependency bookkeeping of one package. */
export type ImportTarget = { kind: "builtin"; name: string } | { kind: "package"; name: string } | { kind: "relative" };

const BUILTINS = new Set(builtinModules);

// Static imports and re-exports start a line in this codebase (top level, never indented), so
// anchoring at the line start skips commented-out code and strings that merely contain "from".
const STATIC_IMPORT = /^import\s+(?:type\s+)?(?:[\w$]+|\*|\{)[^;]*?\sfrom\s*["']([^"'\n]+)["']/gm;
const STATIC_REEXPORT = /^export\s+(?:type\s+)?(?:\*|\{)[^;]*?\sfrom\s*["']([^"'\n]+)["']/gm;
const SIDE_EFFECT_IMPORT = /^import\s*["']([^"'\n]+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)/g;
const REQUIRE_CALL = /\brequire\s*\(\s*["']([^"'\n]+)["']\s*\)/g;
const PACKAGE_NAME = /^(@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/;

/** Every module specifier a source file imports, re-exports, import()s or require()s. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const pattern of [STATIC_IMPORT, STATIC_REEXPORT, SIDE_EFFECT_IMPORT, DYNAMIC_IMPORT, REQUIRE_CALL]) {
    for (const match of source.matchAll(pattern)) found.push(match[1]!);
  }
  return found;
}

/** Classifies a specifier; undefined for text that is no module name (e.g. a template in a string). */
export function importTarget(specifier: string): ImportTarget | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return { kind: "relative" };
  if (specifier.startsWith("node:")) return { kind: "builtin", name: specifier.slice("node:".length) };
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  if (!PACKAGE_NAME.test(name)) return undefined;
  if (BUILTINS.has(specifier) || BUILTINS.has(name)) return { kind: "builtin", name: specifier };
  return { kind: "package", name };
}
