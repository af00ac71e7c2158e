import { Session } from "node:inspector/promises";
import { inlineLineMap, originalLine } from "./source-map.js";

/**
 * V8's own block coverage (the data NODE_V8_COVERAGE writes and c8 reads), taken in-process
 * through the inspector so the fuzz run can print it per file when it ends. Counts are over
 * V8's blocks of the code tsx hands V8 (TypeScript with the types stripped): every function
 * body and every branch (if/else arm, loop body, ?:, ||/&&/?? right side, catch) is a block.
 * An uncovered block is shown at its line in the TypeScript file (through tsx's inline source
 * map) with the start of its code.
 */
export interface FileCoverage {
  file: string;
  blocks: number;
  blocksHit: number;
  functions: number;
  functionsHit: number;
  /** Up to `maxShown` uncovered blocks: line in the source file and the block's first characters. */
  missed: string[];
  /** Every uncovered block (for the reach check). */
  unreached: Block[];
}

/** One V8 block never run: the function it is in, its line in the TypeScript file, its first characters. */
export interface Block {
  fn: string;
  line: string;
  code: string;
}

export async function startCoverage(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });
  return session;
}

/** Coverage of the loaded files whose URL matches `include`, sorted by file. */
export async function takeCoverage(session: Session, include: RegExp, root: string, maxShown = 12): Promise<FileCoverage[]> {
  const { result } = await session.post("Profiler.takePreciseCoverage");
  await session.post("Debugger.enable");
  const out: FileCoverage[] = [];
  for (const script of result) {
    if (!include.test(script.url)) continue;
    const { scriptSource } = await session.post("Debugger.getScriptSource", { scriptId: script.scriptId });
    const map = inlineLineMap(scriptSource);
    const lineStarts = [0];
    for (let i = 0; i < scriptSource.length; i++) if (scriptSource.charCodeAt(i) === 10) lineStarts.push(i + 1);
    const lineOf = (offset: number): string => {
      let line = 0;
      while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
      const original = map ? originalLine(map, line, offset - lineStarts[line]!) : undefined;
      return original === undefined ? `(generated ${line + 1})` : String(original);
    };
    const cov: FileCoverage = {
      file: script.url.replace(`file://${root}/`, ""),
      blocks: 0,
      blocksHit: 0,
      functions: 0,
      functionsHit: 0,
      missed: [],
      unreached: [],
    };
    for (const fn of script.functions) {
      const [body, ...branches] = fn.ranges;
      if (!body) continue;
      // The module's top level is not a function: count only its branches.
      const topLevel = fn.functionName === "" && body.startOffset === 0;
      if (!topLevel) {
        cov.functions++;
        if (body.count > 0) cov.functionsHit++;
      }
      for (const r of topLevel ? branches : fn.ranges) {
        cov.blocks++;
        if (r.count > 0) {
          cov.blocksHit++;
          continue;
        }
        const code = scriptSource.slice(r.startOffset, r.startOffset + 70).replace(/\s+/g, " ");
        const line = lineOf(r.startOffset);
        cov.unreached.push({ fn: fn.functionName, line, code });
        if (cov.missed.length < maxShown) cov.missed.push(`${line}: ${code}`);
      }
    }
    out.push(cov);
  }
  await session.post("Profiler.stopPreciseCoverage");
  session.disconnect();
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

export function formatCoverage(files: readonly FileCoverage[], showMissed: RegExp): string {
  const pct = (a: number, b: number) => (b === 0 ? "  -  " : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
  const lines = ["coverage (V8 blocks; functions):"];
  for (const f of files) {
    lines.push(
      `  ${f.file.padEnd(44)} blocks ${pct(f.blocksHit, f.blocks)} (${f.blocksHit}/${f.blocks})  functions ${pct(f.functionsHit, f.functions)} (${f.functionsHit}/${f.functions})`,
    );
    if (showMissed.test(f.file)) for (const m of f.missed) lines.push(`      not reached, line ${m}`);
  }
  return lines.join("\n");
}

/**
 * What the corpus must reach in full (issue 11): the wire pre-parser (query.ts, and the option
 * decoding it calls in edns.ts; edns.ts's encoders are the responder's) and the zone parser
 * (lexer, parser, names, the loader and $INCLUDE handling with their file reading).
 */
export const MUST_REACH: ReadonlyArray<{ file: RegExp; fn?: RegExp }> = [
  { file: /^packages\/wire\/src\/query\.ts$/ },
  { file: /^packages\/wire\/src\/edns\.ts$/, fn: /^decode/ },
  { file: /^packages\/zone\/src\/(lexer|parser|names|parse|includes|files)\.ts$/ },
];

/**
 * Blocks no input can reach, each kept on purpose (the reason says why). An error that is not
 * wire's own, rethrown from a call into @dnsteer/wire (a codec, the name parser, the text
 * unescaper), is a bug: the fuzzer reports it as a crash, and turning it into a ZoneError would
 * hide it. An I/O error without an errno code comes only from a failed allocation.
 */
export const NOT_BY_INPUT: ReadonlyArray<{ file: RegExp; fn: string; code: RegExp; reason: string }> = [
  { file: /^packages\/zone\/src\/parser\.ts$/, fn: "nameAt", code: /^throw e\b/, reason: "a bug in wire's name parser" },
  { file: /^packages\/zone\/src\/parser\.ts$/, fn: "rdata", code: /^throw e\b/, reason: "a bug in a codec" },
  { file: /^packages\/zone\/src\/includes\.ts$/, fn: "readInclude", code: /^throw e\b/, reason: "a bug in unescapeText" },
  { file: /^packages\/zone\/src\/files\.ts$/, fn: "reasonOf", code: /^\?\?e\.message/, reason: "out of memory" },
];

/** The blocks of MUST_REACH that no input ran (NOT_BY_INPUT ones aside), as "file:line (function): code". */
export function unreachedBlocks(files: readonly FileCoverage[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    for (const b of f.unreached) {
      if (!MUST_REACH.some((m) => m.file.test(f.file) && (!m.fn || m.fn.test(b.fn)))) continue;
      if (NOT_BY_INPUT.some((x) => x.file.test(f.file) && x.fn === b.fn && x.code.test(b.code))) continue;
      out.push(`${f.file}:${b.line} (${b.fn || "top level"}): ${b.code}`);
    }
  }
  return out;
}
