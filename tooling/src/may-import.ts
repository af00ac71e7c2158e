/**
 * The "May import:" line of a package README, as defined in docs/CONTRIBUTING.md:
 *
 *   May import: <packages>; <built-ins>
 *
 * <packages> is `nothing` or a comma-separated list of package names exactly as package.json
 * spells them, each optionally followed by a note in parentheses: `@dnsteer/model (types only)`.
 * <built-ins> is `no node built-ins`, `node built-ins`, or `node built-ins except fs/net/dgram`
 * (names without the `node:` prefix, separated by `/`), optionally followed by a note in
 * parentheses. Notes hold no `,` `;` or parentheses. One optional final period; nothing else.
 * A line that ends with `,` or `;` continues on the next line.
 */
export interface MayImport {
  packages: string[];
  builtins: BuiltinsAllowed;
}

export type BuiltinsAllowed = { kind: "none" } | { kind: "all" } | { kind: "except"; names: readonly string[] };

export type ParsedMayImport = { ok: true; value: MayImport } | { ok: false; reason: string };

export const MAY_IMPORT_PREFIX = "May import: ";

const PACKAGE_NAME = /^(@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/;
const NOTE = /\s+\([^(),;]*\)$/;
const BUILTIN_NAME = /^[a-z_]+(\/[a-z_]+)?$/;
const EXAMPLE = 'e.g. "May import: @dnsteer/wire, dns2; node built-ins except fs/net"';

/** Finds the README's "May import:" lines (there must be exactly one), continuation lines joined. */
export function mayImportLines(readme: string): string[] {
  const lines = readme.split("\n");
  const found: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("May import:")) continue;
    let line = lines[i]!.trimEnd();
    while (/[,;]$/.test(line) && i + 1 < lines.length && lines[i + 1]!.trim() !== "") line = `${line} ${lines[++i]!.trim()}`;
    found.push(line);
  }
  return found;
}

export function parseMayImport(line: string): ParsedMayImport {
  if (!line.startsWith(MAY_IMPORT_PREFIX)) return fail(`must start with "${MAY_IMPORT_PREFIX}"`);
  const body = line.slice(MAY_IMPORT_PREFIX.length).trimEnd().replace(/\.$/, "");
  const clauses = body.split(";").map((clause) => clause.trim());
  if (clauses.length !== 2) return fail(`needs two clauses separated by ";" (packages; built-ins), ${EXAMPLE}`);
  const packages = parsePackages(clauses[0]!);
  if (typeof packages === "string") return fail(packages);
  const builtins = parseBuiltins(clauses[1]!);
  if (typeof builtins === "string") return fail(builtins);
  return { ok: true, value: { packages, builtins } };
}

function parsePackages(clause: string): string[] | string {
  if (clause === "nothing") return [];
  const names = clause.split(",").map((item) => item.trim().replace(NOTE, ""));
  const bad = names.filter((name) => !PACKAGE_NAME.test(name));
  if (bad.length > 0) return `not a package name: ${bad.map((name) => JSON.stringify(name)).join(", ")} (write "nothing" for none)`;
  const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
  if (duplicates.length > 0) return `listed twice: ${duplicates.join(", ")}`;
  return names;
}

function parseBuiltins(noted: string): BuiltinsAllowed | string {
  const clause = noted.replace(NOTE, "");
  if (clause === "no node built-ins") return { kind: "none" };
  if (clause === "node built-ins") return { kind: "all" };
  const except = /^node built-ins except (\S+)$/.exec(clause);
  const names = except?.[1]?.split("/");
  if (names === undefined || !names.every((name) => BUILTIN_NAME.test(name))) {
    return `built-ins clause must be "no node built-ins", "node built-ins" or "node built-ins except a/b/c", got ${JSON.stringify(clause)}`;
  }
  return { kind: "except", names };
}

function fail(reason: string): ParsedMayImport {
  return { ok: false, reason };
}

/** Whether the line allows importing built-in `name` (`fs`, `fs/promises`, `node:fs`). */
export function allowsBuiltin(builtins: BuiltinsAllowed, name: string): boolean {
  const bare = name.replace(/^node:/, "");
  if (builtins.kind === "none") return false;
  if (builtins.kind === "all") return true;
  return !builtins.names.some((denied) => bare === denied || bare.startsWith(`${denied}/`));
}
