/**
 * `pnpm fuzz [--iterations N] [--seed S] [--target wire|zone|udp|tcp|all|net] [--only I]
 *            [--from I] [--coverage] [--check-coverage] [--corpus-only] [--hang-ms MS] [--keep-going]`
 *
 * The seeded mutation fuzzer (README.md in this folder). In-process targets run in a child
 * process watched by this one: a child that stops reporting progress for --hang-ms is killed
 * and its last block of iterations replayed one by one to name the input that hangs. Exit
 * status 1 on any failure; every failure is printed with its seed, iteration and input.
 */
import { fork } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    target: { type: "string", default: "all" },
    only: { type: "string" },
    from: { type: "string", default: "0" },
    coverage: { type: "boolean", default: false },
    "check-coverage": { type: "boolean", default: false },
    "corpus-only": { type: "boolean", default: false },
    "hang-ms": { type: "string", default: "10000" },
    "keep-going": { type: "boolean", default: false },
    child: { type: "boolean", default: false },
    trace: { type: "boolean", default: false },
    "progress-file": { type: "string" },
  },
});

const seed = Number(values.seed);
const hangMs = Number(values["hang-ms"]);
const from = values.only !== undefined ? Number(values.only) : values["corpus-only"] ? 0 : Number(values.from);
/** --corpus-only: each target's corpus entries unchanged, and nothing else (the child knows how many). */
const iterations = values.only !== undefined ? 1 : values["corpus-only"] ? -1 : Number(values.iterations);
const coverage = values.coverage || values["check-coverage"];
const IN_PROCESS = ["wire", "zone"];
/** How long a child may take to load before its first input counts as a hang. */
const STARTUP_MS = 120_000;
/** Inputs between progress marks, and replayed one by one after a stall. */
const MARK_EVERY = 64;
const TRACE_BLOCK = 1024;
const NETWORK = ["udp", "tcp"];
const targets = values.target === "all" ? IN_PROCESS : values.target === "net" ? NETWORK : values.target.split(",");
for (const t of targets) if (![...IN_PROCESS, ...NETWORK].includes(t)) throw new Error(`unknown target ${t}`);

/**
 * The child's summary, sent once at the end. Progress does not go over IPC: a child stuck in
 * a synchronous loop never flushes its IPC queue, so it writes the iteration it is at into a
 * file (pwrite at offset 0) that the parent's watchdog reads.
 */
type ChildMessage = { done: number; failures: number; ms: number; coverage?: string; unreached?: string[] };

if (values.child) await child();
else process.exitCode = await parent();

async function parent(): Promise<number> {
  let failed = 0;
  const started = Date.now();
  const range = iterations < 0 ? "the corpus unchanged" : `iterations ${from}..${from + iterations - 1}`;
  console.log(`fuzz: seed ${seed}, ${range}, targets ${targets.join(",")}`);
  for (const target of targets) {
    if (NETWORK.includes(target)) {
      const { fuzzNetwork } = await import("./net-run.js");
      failed += await fuzzNetwork(target as "udp" | "tcp", seed, from, iterations, hangMs, values["keep-going"]);
      continue;
    }
    failed += await runTarget(target);
  }
  console.log(`fuzz: ${failed === 0 ? "no failures" : `${failed} FAILURES`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed === 0 ? 0 : 1;
}

/**
 * One in-process target over the whole range. A child that stops advancing is replayed one
 * input at a time from its last mark: a replay that hangs too names the input; one that runs
 * through means the box was only busy, and the run goes on after that block.
 */
async function runTarget(target: string): Promise<number> {
  if (iterations < 0) return (await runChild(target, 0, -1, false)).failures;
  const end = from + iterations;
  let at = from;
  let failed = 0;
  while (at < end) {
    const outcome = await runChild(target, at, end - at, false);
    failed += outcome.failures;
    if (outcome.hungAt === undefined) break;
    const block = Math.min(TRACE_BLOCK, end - outcome.hungAt);
    const traced = await runChild(target, outcome.hungAt, block, true);
    if (traced.hungAt === undefined) {
      console.log(
        `${target}: no progress for ${hangMs} ms near iteration ${outcome.hungAt}, but the replay of ${block} inputs ran through (a busy machine); going on`,
      );
      at = outcome.hungAt + block;
      continue;
    }
    const { inProcessTargets, inputFor, describeFailure } = await import("./engine.js");
    const t = inProcessTargets().find((x) => x.name === target)!;
    const iteration = traced.lastStarted ?? traced.hungAt;
    const input = inputFor(t, seed, iteration);
    console.log(describeFailure({ target, check: "(any)", seed, iteration, kind: "hang", detail: `no progress for ${hangMs} ms`, input }));
    return failed + 1;
  }
  return failed;
}

interface ChildOutcome {
  failures: number;
  hungAt?: number;
  lastStarted?: number;
}

function runChild(target: string, start: number, count: number, trace: boolean): Promise<ChildOutcome> {
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-fuzz-progress-"));
  const progressFile = join(dir, "at");
  const args = ["--child", "--target", target, "--seed", String(seed)];
  args.push(...(count < 0 ? ["--corpus-only"] : ["--from", String(start), "--iterations", String(count)]));
  args.push("--progress-file", progressFile);
  if (values.coverage && !trace) args.push("--coverage");
  if (values["check-coverage"] && !trace) args.push("--check-coverage");
  if (values["keep-going"]) args.push("--keep-going");
  if (trace) args.push("--trace");
  const child = fork(new URL(import.meta.url).pathname, args, { stdio: "inherit" });
  const outcome: ChildOutcome = { failures: 0 };
  let progress = start;
  let lastHeard = Date.now();
  let started = false;
  let summary = false;
  const readProgress = () => {
    try {
      const at = Number.parseInt(readFileSync(progressFile, "latin1"), 10);
      if (Number.isFinite(at) && (at !== progress || !started)) {
        progress = at;
        lastHeard = Date.now();
        started = true;
      }
    } catch {}
  };
  return new Promise((resolve) => {
    const watchdog = setInterval(
      () => {
        readProgress();
        // Loading tsx and the targets on a busy box can take long: that is not a hang.
        if (Date.now() - lastHeard < (started ? hangMs : Math.max(hangMs, STARTUP_MS))) return;
        outcome.hungAt = progress;
        child.kill("SIGKILL");
      },
      Math.min(500, hangMs),
    );
    child.on("message", (m: ChildMessage) => {
      summary = true;
      outcome.failures += m.failures;
      const rate = Math.round(m.done / (m.ms / 1000));
      console.log(`${target}: ${m.done} executions in ${(m.ms / 1000).toFixed(1)} s (${rate}/s), ${m.failures} failures`);
      if (m.coverage) console.log(m.coverage);
      if (m.unreached?.length) {
        outcome.failures++;
        console.log(`FAIL coverage: ${m.unreached.length} blocks of the ${target} parser no input reached:`);
        for (const b of m.unreached) console.log(`  ${b}`);
      } else if (m.unreached) console.log(`${target}: every branch of the ${target === "wire" ? "pre-parser" : "zone parser"} reached`);
    });
    child.on("exit", (code, signal) => {
      clearInterval(watchdog);
      readProgress();
      if (trace) outcome.lastStarted = progress;
      if ((code !== 0 || !summary) && outcome.hungAt === undefined && !trace) {
        outcome.failures++;
        console.log(`FAIL crash: the ${target} fuzz process exited with ${code ?? signal} near iteration ${progress} (seed ${seed})`);
      }
      rmSync(dir, { recursive: true, force: true });
      resolve(outcome);
    });
  });
}

async function child(): Promise<void> {
  const { startCoverage, takeCoverage, formatCoverage, unreachedBlocks } = await import("./coverage.js");
  // Coverage must start before the targets' modules compile, or V8 keeps no block counts for them.
  const session = coverage ? await startCoverage() : null;
  const { inProcessTargets, runCase, describeFailure } = await import("./engine.js");
  const target = inProcessTargets().find((t) => t.name === values.target)!;
  const progressFd = openSync(values["progress-file"]!, "w");
  const at = Buffer.alloc(16, 0x20);
  const mark = (i: number) => {
    at.fill(0x20);
    at.write(String(i));
    writeSync(progressFd, at, 0, 16, 0);
  };
  const started = Date.now();
  let failures = 0;
  for (const problem of target.setup?.() ?? []) {
    failures++;
    console.log(`FAIL wrong in ${target.name}/setup: ${problem}`);
  }
  const count = iterations < 0 ? target.corpus.length : iterations;
  let i = from;
  for (; i < from + count; i++) {
    if (values.trace || i % MARK_EVERY === 0) mark(i);
    const f = runCase(target, seed, i);
    if (f) {
      failures++;
      console.log(describeFailure(f)); // synchronous on files and pipes: printed even if the next input hangs
      if (!values["keep-going"]) {
        i++;
        break;
      }
    }
  }
  closeSync(progressFd);
  target.cleanup?.();
  const ms = Date.now() - started;
  const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
  const files = session ? await takeCoverage(session, new RegExp(`/packages/${target.name}/src/`), root) : undefined;
  const shown = /wire\/src\/(query|edns)\.ts|zone\/src\/(lexer|parser|names|parse|includes|files)\.ts/;
  const message: ChildMessage = { done: i - from, failures, ms };
  if (files && values.coverage) message.coverage = formatCoverage(files, shown);
  if (files && values["check-coverage"]) message.unreached = unreachedBlocks(files);
  process.send!(message, () => process.disconnect());
}
