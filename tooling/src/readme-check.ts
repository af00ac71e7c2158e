import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ImportTarget, importSpecifiers, importTarget } from "./imports.js";
import { allowsBuiltin, mayImportLines, parseMayImport } from "./may-import.js";
import { readWorkspacePackage, type WorkspacePackage, workspaceDirs } from "./workspace.js";

/** One disagreement between a package's README, its package.json and its imports. */
export interface Problem {
  code: ProblemCode;
  message: string;
}

export type ProblemCode =
  | "readme-missing"
  | "may-import-missing"
  | "may-import-repeated"
  | "may-import-malformed"
  | "readme-lists-undeclared"
  | "readme-omits-declared"
  | "import-undeclared"
  | "declared-unused"
  | "test-import-undeclared"
  | "builtin-not-allowed";

export interface PackageReport {
  dir: string;
  name: string;
  problems: Problem[];
}

/** Packages whose README must carry a "May import:" line (bench and other workspace folders need not). */
const README_REQUIRED = /^(packages|apps)\//;

export function checkWorkspace(root: string): PackageReport[] {
  return workspaceDirs(root).map((dir) => {
    const pkg = readWorkspacePackage(root, dir);
    return { dir, name: pkg.name, problems: checkPackage(root, pkg) };
  });
}

export function checkPackage(root: string, pkg: WorkspacePackage): Problem[] {
  const shipped = importsOf(root, pkg.productionFiles);
  const other = importsOf(root, pkg.otherFiles);
  return [...checkDeclarations(pkg, shipped, other), ...(README_REQUIRED.test(pkg.dir) ? checkReadme(pkg, shipped) : [])];
}

interface Imports {
  /** package name -> first file importing it */
  packages: Map<string, string>;
  builtins: Map<string, string>;
}

function importsOf(root: string, files: string[]): Imports {
  const imports: Imports = { packages: new Map(), builtins: new Map() };
  for (const file of files) {
    for (const specifier of importSpecifiers(readFileSync(join(root, file), "utf8"))) {
      const target: ImportTarget | undefined = importTarget(specifier);
      if (target?.kind === "package" && !imports.packages.has(target.name)) imports.packages.set(target.name, file);
      if (target?.kind === "builtin" && !imports.builtins.has(target.name)) imports.builtins.set(target.name, file);
    }
  }
  return imports;
}

/** What the shipped code imports is exactly what package.json declares; tests use declared packages only. */
function checkDeclarations(pkg: WorkspacePackage, shipped: Imports, other: Imports): Problem[] {
  const problems: Problem[] = [];
  for (const [name, file] of shipped.packages) {
    if (name === pkg.name || pkg.runtimeDeps.has(name)) continue;
    const where = pkg.devDeps.has(name) ? " (it is only a devDependency)" : "";
    problems.push({
      code: "import-undeclared",
      message: `${file} imports ${name}, which ${pkg.dir}/package.json does not list in dependencies${where}`,
    });
  }
  for (const name of pkg.runtimeDeps) {
    if (shipped.packages.has(name) || name.startsWith("@types/")) continue;
    problems.push({
      code: "declared-unused",
      message: `${pkg.dir}/package.json lists ${name} in dependencies, but nothing in ${pkg.shippedScope} imports it`,
    });
  }
  for (const [name, file] of other.packages) {
    if (name === pkg.name || pkg.runtimeDeps.has(name) || pkg.devDeps.has(name) || !name.startsWith("@dnsteer/")) continue;
    problems.push({
      code: "test-import-undeclared",
      message: `${file} imports ${name}, which ${pkg.dir}/package.json declares in neither dependencies nor devDependencies`,
    });
  }
  return problems;
}

/** The README's "May import:" line names exactly package.json's dependencies, and its built-ins clause holds. */
function checkReadme(pkg: WorkspacePackage, shipped: Imports): Problem[] {
  if (pkg.readme === undefined) return [{ code: "readme-missing", message: `${pkg.dir} has no README.md` }];
  const lines = mayImportLines(pkg.readme);
  if (lines.length === 0) {
    return [{ code: "may-import-missing", message: `${pkg.dir}/README.md has no line starting "May import: " (see docs/CONTRIBUTING.md)` }];
  }
  if (lines.length > 1)
    return [{ code: "may-import-repeated", message: `${pkg.dir}/README.md has ${lines.length} "May import:" lines; keep one` }];
  const parsed = parseMayImport(lines[0]!);
  if (!parsed.ok) return [{ code: "may-import-malformed", message: `${pkg.dir}/README.md: "${lines[0]}": ${parsed.reason}` }];
  const listed = new Set(parsed.value.packages);
  const problems: Problem[] = [];
  const extra = [...listed].filter((name) => !pkg.runtimeDeps.has(name));
  const missing = [...pkg.runtimeDeps].filter((name) => !listed.has(name) && !name.startsWith("@types/"));
  if (extra.length > 0) {
    problems.push({
      code: "readme-lists-undeclared",
      message: `${pkg.dir}/README.md "May import:" lists ${extra.join(", ")}, not in package.json dependencies`,
    });
  }
  if (missing.length > 0) {
    problems.push({
      code: "readme-omits-declared",
      message: `${pkg.dir}/README.md "May import:" omits ${missing.join(", ")}, which package.json lists in dependencies`,
    });
  }
  for (const [name, file] of shipped.builtins) {
    if (allowsBuiltin(parsed.value.builtins, name)) continue;
    problems.push({
      code: "builtin-not-allowed",
      message: `${file} imports node:${name.replace(/^node:/, "")}, which ${pkg.dir}/README.md "May import:" does not allow`,
    });
  }
  return problems;
}
