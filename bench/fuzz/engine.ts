import { seededRandom } from "../../fixtures/random.js";
import { CORPUS_DIR, type Seed, wireCorpus, zoneCorpus } from "./corpus.js";
import { mutateWire, mutateZone, type Rng } from "./mutate.js";
import { type Check, decoder, preParser, zoneParser } from "./targets.js";
import { makeZoneStage, removeZoneStage, type ZoneStage, zoneFileCases } from "./zone-stage.js";

/**
 * The in-process fuzz loop: iteration i of a run with seed S always builds the same input
 * (its own PRNG is seeded from S and i), so any failure is replayed with `--seed S --only i`.
 * The first iterations feed the corpus unchanged; every later one mutates a corpus entry.
 */
export interface FuzzTarget {
  name: string;
  corpus: readonly Seed[];
  mutate: (seed: Uint8Array, other: Uint8Array, rng: Rng) => { bytes: Uint8Array; steps: string[] };
  checks: ReadonlyArray<[string, (input: Uint8Array, from: Seed) => string | null]>;
  /** Fixed cases run once before the inputs; what went wrong in them, if anything. */
  setup?: () => string[];
  /** Removes what the target made on disk (also done when the process exits). */
  cleanup?: () => void;
}

export interface FuzzInput {
  bytes: Uint8Array;
  from: Seed;
  steps: string[];
}

export interface Failure {
  target: string;
  check: string;
  seed: number;
  iteration: number;
  /** "crash" (an exception escaped), "wrong" (a rule broken) or "hang". */
  kind: "crash" | "wrong" | "hang";
  detail: string;
  input: FuzzInput;
}

/** The PRNG of one iteration: mixes seed and iteration so neighbouring iterations differ. */
function iterationRng(seed: number, iteration: number): Rng {
  return seededRandom(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(iteration + 1, 0xc2b2ae35));
}

export function inputFor(target: FuzzTarget, seed: number, iteration: number): FuzzInput {
  const corpus = target.corpus;
  if (iteration < corpus.length) return { bytes: corpus[iteration]!.bytes, from: corpus[iteration]!, steps: [] };
  const rng = iterationRng(seed, iteration);
  const from = corpus[Math.floor(rng() * corpus.length)]!;
  const other = corpus[Math.floor(rng() * corpus.length)]!;
  const { bytes, steps } = target.mutate(from.bytes, other.bytes, rng);
  return { bytes, from, steps };
}

/** Run every check of `target` on iteration `iteration`'s input; the first failure, or null. */
export function runCase(target: FuzzTarget, seed: number, iteration: number): Failure | null {
  const input = inputFor(target, seed, iteration);
  for (const [check, fn] of target.checks) {
    let detail: string | null;
    let kind: Failure["kind"] = "wrong";
    try {
      detail = fn(input.bytes, input.from);
    } catch (e) {
      kind = "crash";
      detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    }
    if (detail !== null) return { target: target.name, check, seed, iteration, kind, detail, input };
  }
  return null;
}

/** The in-process targets over the committed corpus. */
export function inProcessTargets(): FuzzTarget[] {
  const { queries, responses } = wireCorpus();
  // The stage folder is made when the zone target first needs it (not for a wire-only run).
  let stage: ZoneStage | undefined;
  const staged = () => (stage ??= makeZoneStage(`${CORPUS_DIR}/zone`));
  const zoneChecks = new Map<string, Check>();
  // A file's origin is its name without ".zone"; "guess-*" files are loaded without one.
  const zoneCheck = (input: Uint8Array, from: Seed) => {
    let check = zoneChecks.get(from.name);
    if (!check)
      zoneChecks.set(from.name, (check = zoneParser(`${from.name.replace(/\.zone$/, "")}.`, staged(), from.name.startsWith("guess-"))));
    return check(input);
  };
  return [
    {
      name: "wire",
      corpus: [...queries, ...responses],
      mutate: mutateWire,
      checks: [
        ["pre-parser", preParser],
        ["decoder", decoder],
      ],
    },
    {
      name: "zone",
      corpus: zoneCorpus(),
      mutate: mutateZone,
      checks: [["zone-parser", zoneCheck]],
      setup: () => zoneFileCases(staged()),
      cleanup: () => {
        if (stage) removeZoneStage(stage);
        stage = undefined;
      },
    },
  ];
}

/** A failure as people read it: what, where, and the input in hex (and as text for zones). */
export function describeFailure(f: Failure): string {
  const hex = Buffer.from(f.input.bytes).toString("hex");
  const lines = [
    `FAIL ${f.kind} in ${f.target}/${f.check}: seed ${f.seed} iteration ${f.iteration}`,
    `  replay: pnpm fuzz --target ${f.target} --seed ${f.seed} --only ${f.iteration}`,
    `  from ${f.input.from.name} by ${f.input.steps.join(", ") || "(unchanged)"}`,
    `  ${f.detail.split("\n").join("\n  ")}`,
    `  input (${f.input.bytes.length} octets): ${hex.length > 4096 ? `${hex.slice(0, 4096)}...` : hex}`,
  ];
  if (f.target === "zone") lines.push(`  as text: ${JSON.stringify(Buffer.from(f.input.bytes).toString("latin1")).slice(0, 4096)}`);
  return lines.join("\n");
}
