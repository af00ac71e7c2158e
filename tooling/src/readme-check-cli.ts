// `pnpm readme:check [root]`: every package README's "May import:" line against its package.json and
// imports (root defaults to this repository). Prints each problem, then one line:
// "readme:check: ok (N packages)" or "readme:check: N problems in M of N packages" (exit code 1).
import { resolve } from "node:path";
import { checkWorkspace } from "./readme-check.js";

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, "../.."));
const reports = checkWorkspace(root);
const failing = reports.filter((report) => report.problems.length > 0);
for (const report of failing) {
  console.log(`${report.name} (${report.dir}):`);
  for (const problem of report.problems) console.log(`  ${problem.code}: ${problem.message}`);
}
const problems = failing.reduce((sum, report) => sum + report.problems.length, 0);
if (problems === 0) {
  console.log(`readme:check: ok (${reports.length} packages)`);
} else {
  console.log(`readme:check: ${problems} problems in ${failing.length} of ${reports.length} packages`);
  process.exitCode = 1;
}
