import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { parseQuery } from "@dnsteer/wire";
import { afterAll, describe, expect, it } from "vitest";
import { wireCorpus, zoneCorpus } from "./corpus.js";
import { describeFailure, type FuzzTarget, inProcessTargets, inputFor, runCase } from "./engine.js";
import { fuzzNetwork } from "./net-run.js";

/**
 * The short CI run of the mutation fuzzer (the long one: `pnpm fuzz`, README.md): a fixed seed,
 * a few thousand inputs in-process and a few hundred against a real `dnsteer serve`.
 */
const SEED = 20261201;
const [wire, zone] = inProcessTargets() as [FuzzTarget, FuzzTarget];
afterAll(() => zone.cleanup?.());

function fuzz(target: FuzzTarget, iterations: number): string[] {
  const failures: string[] = [];
  for (let i = 0; i < iterations; i++) {
    const f = runCase(target, SEED, i);
    if (f) failures.push(describeFailure(f));
  }
  return failures;
}

describe("mutation fuzzer (short run, fixed seed)", () => {
  it("has a corpus of real queries, responses and zone files", () => {
    const { queries, responses } = wireCorpus();
    expect(queries.length).toBeGreaterThanOrEqual(30);
    expect(responses.length).toBeGreaterThanOrEqual(30);
    expect(zoneCorpus().length).toBeGreaterThanOrEqual(50);
    // dig's and kdig's queries are well-formed: all pass the pre-parser, except the STATUS opcode.
    const recorded = queries.filter((q) => !q.name.startsWith("edge-"));
    for (const q of recorded) expect("kind" in parseQuery(q.bytes) ? q.name : "ok").toMatch(/^(ok|opcode-status\..*)$/);
  });

  it("the corpus alone reaches every branch of the wire pre-parser and the zone parser (V8 block coverage)", () => {
    // A child process: block coverage must be on before the parsers' modules compile.
    const run = resolve(import.meta.dirname, "run.ts");
    const args = ["--conditions=source", "--import", "tsx", run, "--target", "wire,zone", "--corpus-only", "--check-coverage"];
    const r = spawnSync(process.execPath, args, { cwd: resolve(import.meta.dirname, "../.."), encoding: "utf8", timeout: 100_000 });
    const out = `${r.stdout}${r.stderr}`;
    // On failure the output names each unreached block as file:line (function): code.
    expect(out.match(/^\s+packages\/.*$/gm) ?? [], out).toEqual([]);
    expect(out).toContain("wire: every branch of the pre-parser reached");
    expect(out).toContain("zone: every branch of the zone parser reached");
    expect(r.status, out).toBe(0);
  }, 120_000);

  it("builds the same input from the same seed and iteration", () => {
    expect(inputFor(wire, SEED, 5000).bytes).toEqual(inputFor(wire, SEED, 5000).bytes);
    expect(inputFor(wire, SEED, 5000).bytes).not.toEqual(inputFor(wire, SEED, 5001).bytes);
  });

  it("reports an exception as a crash with its seed, iteration and input", () => {
    const broken: FuzzTarget = { ...wire, checks: [["throws", (b) => (b.length > 40 ? null : JSON.parse("{"))]] };
    const f = Array.from({ length: 500 }, (_, i) => runCase(broken, SEED, i)).find((x) => x !== null)!;
    expect(f).toMatchObject({ kind: "crash", seed: SEED });
    expect(describeFailure(f)).toMatch(/replay: pnpm fuzz --target wire --seed 20261201 --only \d+[\s\S]*input \(\d+ octets\): [0-9a-f]*/);
  });

  it("finds nothing wrong in 4000 mutated messages (pre-parser and decoder)", () => {
    expect(fuzz(wire, 4000)).toEqual([]);
  });

  it("finds nothing wrong in 400 mutated zone files (parser, file:line errors, print/parse round trip)", () => {
    expect(zone.setup?.()).toEqual([]); // the zone file itself missing, a FIFO, a folder: refused at file:0
    expect(fuzz(zone, 400)).toEqual([]);
  });

  it("a real dnsteer serve answers 300 mutated queries over UDP and 300 over TCP as the pre-parser classes them", async () => {
    expect(await fuzzNetwork("udp", SEED, 0, 300, 5000, true)).toBe(0);
    expect(await fuzzNetwork("tcp", SEED, 0, 300, 5000, true)).toBe(0);
  }, 120_000);
});
