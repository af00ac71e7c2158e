import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

/**
 * `pnpm bench:dashboard [--sources N] [--before REV] [--runs N]`: the dashboard's first load at
 * N sources (default 100 000), this tree against an older commit (default 37a8d1e, the last one
 * before the matrix was built in chunks) in the same run. See README.md.
 */
const { values } = parseArgs({
  options: {
    sources: { type: "string", default: "100000" },
    before: { type: "string", default: "37a8d1e" },
    runs: { type: "string", default: "2" },
  },
});
const repo = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "dnsteer-bench-dashboard-"));
const beforeTree = join(work, "before");
const node = (script: string, ...args: string[]) =>
  execFileSync(process.execPath, ["--conditions=source", "--import", "tsx", join(import.meta.dirname, script), ...args], {
    cwd: repo,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });

/** A worktree of REV that resolves its packages like this one: each package's node_modules copied (relative links), the root's linked. */
function worktree(rev: string): void {
  execFileSync("git", ["-C", repo, "worktree", "add", "--detach", beforeTree, rev], { stdio: "ignore" });
  for (const top of ["packages", "apps", "bench", "fixtures", "tooling"]) {
    if (!existsSync(join(repo, top))) continue;
    for (const name of readdirSync(join(repo, top))) {
      const from = join(repo, top, name, "node_modules");
      if (!existsSync(from) || !existsSync(join(beforeTree, top, name))) continue;
      execFileSync("cp", ["-a", from, join(beforeTree, top, name, "node_modules")]);
    }
  }
  for (const top of ["bench", "fixtures", "tooling"]) {
    const from = join(repo, top, "node_modules");
    if (existsSync(from) && existsSync(join(beforeTree, top)) && !existsSync(join(beforeTree, top, "node_modules")))
      execFileSync("cp", ["-a", from, join(beforeTree, top, "node_modules")]);
  }
  symlinkSync(join(repo, "node_modules"), join(beforeTree, "node_modules"));
}

interface Result {
  firstMatrixMs: number;
  firstMatrixRows: number;
  matrixReadyMs: number;
  matrixCpuMs: number;
  providerHealthMs: number;
  providerHealthAgainMs: number;
  pageMs: number;
  longestHealthMs: number;
}

try {
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; ${values.sources} sources; before = ${values.before}`,
  );
  worktree(values.before);
  const seeded = join(work, "seeded.sqlite");
  const t = performance.now();
  node("seed.ts", beforeTree, seeded, values.sources);
  console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s (with the older tree's storage)`);
  const results: Record<"before" | "after", Result[]> = { before: [], after: [] };
  const runs = Number(values.runs);
  for (let run = 0; run < runs; run++) {
    // Alternate which goes first: the box's load changes from minute to minute.
    const order: ("before" | "after")[] = run % 2 === 0 ? ["before", "after"] : ["after", "before"];
    for (const which of order) {
      const db = join(work, `${which}-${run}.sqlite`);
      mkdirSync(dirname(db), { recursive: true });
      copyFileSync(seeded, db);
      const r = JSON.parse(
        node("first-load.ts", which === "before" ? beforeTree : repo, db)
          .trim()
          .split("\n")
          .at(-1)!,
      ) as Result;
      results[which].push(r);
      rmSync(db, { force: true });
      console.log(`run ${run + 1} ${which.padEnd(6)} ${JSON.stringify(r)}`);
    }
  }
  const best = (which: "before" | "after", key: keyof Result) => Math.min(...results[which].map((r) => r[key]));
  const rows: [string, keyof Result][] = [
    ["first GET /v1/matrix answered", "firstMatrixMs"],
    ["matrix ranked (status ready)", "matrixReadyMs"],
    ["  CPU time of the API process until then", "matrixCpuMs"],
    ["GET /v1/provider-health (first)", "providerHealthMs"],
    ["GET /v1/provider-health (again)", "providerHealthAgainMs"],
    ["a later matrix page (regret, offset 5000)", "pageMs"],
    ["longest GET /health wait (event loop blocked)", "longestHealthMs"],
  ];
  console.log(`\n${"best of runs, ms".padEnd(48)}${"before".padStart(10)}${"after".padStart(10)}  before/after`);
  for (const [label, key] of rows) {
    const b = best("before", key);
    const a = best("after", key);
    console.log(`${label.padEnd(48)}${b.toFixed(0).padStart(10)}${a.toFixed(0).padStart(10)}  ${(b / a).toFixed(1)}x`);
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
} finally {
  execFileSync("git", ["-C", repo, "worktree", "remove", "--force", beforeTree], { stdio: "ignore" });
  rmSync(work, { recursive: true, force: true });
}
