// Compiles the command line's entry (src/main.ts and src/cli/, which import only commander)
// to dist/cli.mjs, so `dnsteer --help` runs without tsx. Every command's module is still
// loaded from its TypeScript source through tsx when the command runs (src/cli/lazy.ts).
// bin/dnsteer runs this whenever dist/cli.mjs is missing or older than those sources.
import { renameSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const app = fileURLToPath(new URL("..", import.meta.url));
const out = `${app}dist/cli.mjs`;
const tmp = `${out}.${process.pid}.tmp`;
await build({
  entryPoints: [`${app}src/main.ts`],
  outfile: tmp,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["commander", "tsx", "tsx/*", "@dnsteer/*", "zod"],
  define: { DNSTEER_COMPILED: "true" },
  logLevel: "warning",
});
// Rename: a concurrent run never sees half a file.
renameSync(tmp, out);
