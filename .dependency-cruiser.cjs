// The import rules of dnsteer's house, checked by `pnpm deps:check` (and so by scripts/test.sh).
// docs/CONTRIBUTING.md says what each rule means and why; change both together.

/** Packages whose src/ is pure logic: no files, sockets, threads or processes. */
const PURE_PACKAGES = ["wire", "zone", "lookup", "steering", "flow", "policy", "net"];

/** The one module of a pure package that may touch the file system (zone reads zone files). */
const FILE_LOADING_MODULES = ["^packages/zone/src/files[.]ts$"];

/** Node built-ins that do I/O, start threads or processes. `node:path`, `node:crypto` etc. stay allowed. */
const IO_BUILTINS = [
  "fs",
  "fs/promises",
  "net",
  "dgram",
  "dns",
  "dns/promises",
  "http",
  "https",
  "http2",
  "tls",
  "worker_threads",
  "child_process",
  "cluster",
];

const anyOf = (names) => names.join("|");

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "packages-not-to-apps",
      comment: "A package never imports an app: apps assemble packages, not the other way round.",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "apps-not-to-other-apps",
      comment: "An app never imports another app; shared code belongs in a package.",
      severity: "error",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    {
      name: "wire-depends-only-on-net",
      comment: "@dnsteer/wire is the base of the DNS stack: of our own code it may use only @dnsteer/net.",
      severity: "error",
      from: { path: "^packages/wire/" },
      to: { path: "^(packages|apps|bench|fixtures)/", pathNot: "^packages/(wire|net)/" },
    },
    {
      name: "net-depends-on-nothing-of-ours",
      comment: "@dnsteer/net (addresses and prefixes) is below everything: it imports none of our code.",
      severity: "error",
      from: { path: "^packages/net/" },
      to: { path: "^(packages|apps|bench|fixtures)/", pathNot: "^packages/net/" },
    },
    {
      name: "pure-packages-no-io",
      comment:
        "Pure packages (src/ only) do no I/O: no files, sockets, DNS lookups, threads or processes. " +
        "Type-only imports are fine (they vanish at run time). zone reads files only in src/files.ts.",
      severity: "error",
      from: {
        path: `^packages/(${anyOf(PURE_PACKAGES)})/src/`,
        pathNot: FILE_LOADING_MODULES,
      },
      to: {
        dependencyTypes: ["core"],
        dependencyTypesNot: ["type-only"],
        path: `^(node:)?(${anyOf(IO_BUILTINS)})$`,
      },
    },
    {
      name: "no-reaching-into-another-package",
      comment:
        "Code in one package (or app, bench, fixtures) never imports another package's src/ or test/ " +
        "by relative path: it imports @dnsteer/<name>, which exposes only what that package exports.",
      severity: "error",
      from: { path: "^((packages|apps)/[^/]+|bench|fixtures)/" },
      to: {
        dependencyTypes: ["local"],
        path: "^(packages|apps)/[^/]+/(src|test)/",
        pathNot: "^$1/",
      },
    },
    {
      name: "no-circular",
      comment: "No import cycles, type-only ones included: a cycle means two modules are one concern or a seam is missing.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "Every import resolves to a file or an installed package (also keeps this check honest).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-undeclared-package",
      comment:
        "An imported npm package is declared in a package.json from the importing file's folder up to the root " +
        "(Node finds root devDependencies such as fast-check from every package). That shipped code uses only " +
        "its own package's dependencies is checked by readme:check (import-undeclared).",
      severity: "error",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "no-orphans",
      comment: "A source file nothing imports and that imports nothing is dead code or a forgotten entry point.",
      severity: "warn",
      from: {
        orphan: true,
        pathNot: ["[.]d[.]ts$", "(^|/)[^/]+[.]config[.][cm]?[jt]s$", "(^|/)[.][^/]+[.]c?js$"],
      },
      to: {},
    },
  ],
  options: {
    // What is cruised is given on the command line (see the deps:check script); these never are.
    // node_modules is not excluded (that would drop every import of an npm package from the graph,
    // and no-undeclared-package with it), only never scanned nor followed.
    exclude: { path: "(^|/)([.]tmp|data|dist|coverage)/" },
    doNotFollow: { path: "(^|/)node_modules/" },
    // Merge package.json files up to the root, as Node's resolution does (see no-undeclared-package).
    combinedDependencies: true,
    // Type-only imports count: the cycle rule sees them, the no-I/O rule skips them by type.
    tsPreCompilationDeps: true,
    // Workspace packages are symlinks in node_modules: follow them to packages/<name>/src/index.ts.
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["source", "import", "types", "node", "default"],
      mainFields: ["module", "main", "types"],
      // `./x.js` in a TypeScript source means `./x.ts` (NodeNext); dependency-cruiser maps that itself.
      extensions: [".ts", ".mts", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
    },
    moduleSystems: ["es6", "cjs"],
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
