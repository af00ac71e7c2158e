import {
  type Decision,
  evaluate,
  type MeasurementsByProvider,
  type PathMeasurement,
  type PolicyConfig,
  type PolicyResult,
  type ProviderSpec,
  policyConfig,
  type SourceInput,
} from "../src/index.js";

/** A trusted path (10 samples) unless told otherwise. */
export function path(rttMs: number, loss = 0, samples = 10): PathMeasurement {
  return { rttMs, loss, jitterMs: 1, samples, lastUpdate: 0 };
}

/** Shorthand measurements: a number is an RTT on a clean path; "down" lost every probe. */
export type Shorthand = Record<string, number | "down" | PathMeasurement>;

export function paths(shorthand: Shorthand): MeasurementsByProvider {
  const out: Record<string, PathMeasurement> = {};
  for (const [name, value] of Object.entries(shorthand)) {
    out[name] = value === "down" ? path(0, 1) : typeof value === "number" ? path(value) : value;
  }
  return out;
}

export function provider(name: string, overrides: Partial<ProviderSpec> = {}): ProviderSpec {
  return { name, enabled: true, drained: false, cost: { pricePerMbps: 1, commitMbps: 0 }, ...overrides };
}

export function providers(...names: string[]): ProviderSpec[] {
  return names.map((name) => provider(name));
}

export function source(key: string, shorthand: Shorthand | undefined, overrides: Partial<SourceInput> = {}): SourceInput {
  return {
    key,
    prefixLength: 32,
    demandRate: 10,
    ...(shorthand === undefined ? {} : { measurements: paths(shorthand) }),
    ...overrides,
  };
}

export interface Scenario {
  providers: ProviderSpec[];
  sources: SourceInput[];
  config?: Partial<PolicyConfig>;
  now?: number;
  prefixes?: Record<string, Shorthand>;
}

export function run(scenario: Scenario): PolicyResult {
  const prefixMeasurements = new Map(Object.entries(scenario.prefixes ?? {}).map(([k, v]) => [k, paths(v)]));
  return evaluate({
    now: scenario.now ?? 0,
    config: policyConfig(scenario.config),
    providers: scenario.providers,
    sources: scenario.sources,
    prefixMeasurements,
  });
}

/** The single decision of a one-source scenario. */
export function decideOne(scenario: Scenario): Decision {
  const [decision] = run(scenario).decisions;
  if (decision === undefined) throw new Error("no decision");
  return decision;
}

export function verdictOf(decision: Decision, name: string) {
  const verdict = decision.reason.providers.find((v) => v.provider === name);
  if (verdict === undefined) throw new Error(`no verdict for ${name}`);
  return verdict;
}

export interface Step {
  now: number;
  measurements: Shorthand;
  providers?: ProviderSpec[];
}

/** Evaluates one source through successive steps, feeding each decision's state into the next. */
export function replay(initial: Decision["state"], steps: Step[], base: Omit<Scenario, "sources" | "now">): Decision[] {
  let state = initial;
  return steps.map((step) => {
    const decision = decideOne({
      ...base,
      providers: step.providers ?? base.providers,
      now: step.now,
      sources: [source("s", step.measurements, { previous: state })],
    });
    state = decision.state;
    return decision;
  });
}

/** A path measured by these answered samples (ms, oldest first): the policy sees their spread. */
export function sampled(recentMs: readonly number[], loss = 0): PathMeasurement {
  const sorted = [...recentMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const samples = Math.round(recentMs.length / (1 - loss));
  return { rttMs: median, loss, jitterMs: 0, samples, lastUpdate: 0, recentMs };
}

/** `n` samples around `ms`, ±`jitter` (fraction) spread evenly in a fixed shuffled order: noisy but reproducible. */
export function around(ms: number, n: number, jitter: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = (i * 7) % n; // a fixed permutation of 0..n-1 (n not a multiple of 7)
    out.push(ms * (1 + jitter * (n === 1 ? 0 : (2 * k) / (n - 1) - 1)));
  }
  return out;
}
