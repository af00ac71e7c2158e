import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluate,
  type HysteresisState,
  type PathMeasurement,
  type PolicyMode,
  type ProviderSpec,
  policyConfig,
  type SourceInput,
} from "../src/index.js";

const NAMES = ["a", "b", "c", "d", "e", "f"];
const modeArb = fc.constantFrom<PolicyMode>("latency", "cost", "latency-within-cost");

const pathArb: fc.Arbitrary<PathMeasurement | undefined> = fc.option(
  fc.record({
    rttMs: fc.double({ min: 1, max: 300, noNaN: true }),
    loss: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    jitterMs: fc.constant(1),
    samples: fc.integer({ min: 0, max: 20 }),
    lastUpdate: fc.constant(0),
  }),
  { nil: undefined },
);

/** `value` one time in four, else `usual`: most providers stay usable so both branches get exercised. */
const rarely = <T>(value: T, usual: T) => fc.integer({ min: 0, max: 3 }).map((n) => (n === 0 ? value : usual));

const providerArb = (name: string): fc.Arbitrary<ProviderSpec> =>
  fc
    .record({
      name: fc.constant(name),
      enabled: rarely(false, true),
      drained: rarely(true, false),
      down: rarely(true, false),
      cost: fc.record({ pricePerMbps: fc.integer({ min: 1, max: 5 }), commitMbps: fc.constantFrom(0, 50) }),
      capacityMbps: fc.constantFrom(undefined, 20, 100),
    })
    .map((p) => ({ ...p, capacityMbps: p.capacityMbps ?? Infinity }));

const stateArb = (count: number): fc.Arbitrary<HysteresisState | undefined> =>
  fc.option(
    fc.record({
      provider: fc.constantFrom(...NAMES.slice(0, count), "gone"),
      since: fc.integer({ min: 0, max: 1000 }),
      challenger: fc.option(fc.constantFrom(...NAMES.slice(0, count)), { nil: null }),
      challengerCount: fc.integer({ min: 0, max: 5 }),
    }),
    { nil: undefined },
  );

const sourceArb = (count: number): fc.Arbitrary<SourceInput> =>
  fc
    .record({
      paths: fc.array(pathArb, { minLength: count, maxLength: count }),
      demandRate: fc.integer({ min: 0, max: 200 }),
      previous: stateArb(count),
    })
    .map(({ paths, demandRate, previous }) => ({
      key: "s",
      prefixLength: 32,
      demandRate,
      measurements: Object.fromEntries(paths.map((p, i) => [NAMES[i]!, p])),
      ...(previous === undefined ? {} : { previous }),
    }));

const scenarioArb = fc.integer({ min: 1, max: NAMES.length }).chain((count) =>
  fc.record({
    mode: modeArb,
    providers: fc.tuple(...NAMES.slice(0, count).map(providerArb)),
    sources: fc.array(sourceArb(count), { minLength: 1, maxLength: 30 }),
  }),
);

const isDownPath = (p: PathMeasurement | undefined) => p !== undefined && p.samples >= 1 && p.loss >= 1;

describe("policy properties", () => {
  it("never names a disabled, drained or down provider (or a dead path) when a usable one exists", () => {
    fc.assert(
      fc.property(scenarioArb, ({ mode, providers, sources }) => {
        const { decisions } = evaluate({ now: 2000, config: policyConfig({ mode }), providers, sources });
        // A provider is down when flagged, or when most paths measured to it lost their last probes,
        // counting sources that still answer on some provider.
        const answering = sources.filter((s) =>
          Object.values(s.measurements ?? {}).some((m) => m !== undefined && m.samples >= 1 && !isDownPath(m)),
        );
        const down = new Set(
          providers
            .filter((p) => {
              const measured = answering.map((s) => s.measurements?.[p.name]).filter((m) => m !== undefined && m.samples >= 1);
              return p.down || measured.filter(isDownPath).length > measured.filter((m) => !isDownPath(m)).length;
            })
            .map((p) => p.name),
        );
        const out = (p: ProviderSpec) => !p.enabled || p.drained || down.has(p.name);
        decisions.forEach((decision, i) => {
          const alive = providers.filter((p) => !out(p));
          if (alive.length === 0) return;
          const chosen = providers.find((p) => p.name === decision.provider)!;
          expect(out(chosen)).toBe(false);
          const reachable = alive.filter((p) => !isDownPath(sources[i]!.measurements?.[p.name]));
          if (reachable.length > 0) expect(isDownPath(sources[i]!.measurements?.[chosen.name])).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("keeps every provider within capacity whenever total capacity suffices", () => {
    const balanced = fc.integer({ min: 2, max: 6 }).chain((count) =>
      fc.record({
        mode: modeArb,
        capacities: fc.array(fc.integer({ min: 10, max: 200 }), { minLength: count, maxLength: count }),
        sources: fc.array(
          fc.record({
            rtts: fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: count, maxLength: count }),
            demandRate: fc.integer({ min: 1, max: 100 }),
            previous: stateArb(count),
          }),
          { minLength: 1, maxLength: 60 },
        ),
      }),
    );
    fc.assert(
      fc.property(balanced, ({ mode, capacities, sources }) => {
        const providers: ProviderSpec[] = capacities.map((capacityMbps, i) => ({
          name: NAMES[i]!,
          enabled: true,
          drained: false,
          capacityMbps,
          cost: { pricePerMbps: i + 1, commitMbps: i === 0 ? 30 : 0 },
        }));
        const inputs: SourceInput[] = sources.map(({ rtts, demandRate, previous }, i) => ({
          key: `s${i}`,
          prefixLength: 32,
          demandRate,
          measurements: Object.fromEntries(
            rtts.map((rttMs, p) => [NAMES[p]!, { rttMs, loss: 0, jitterMs: 0, samples: 10, lastUpdate: 0 }]),
          ),
          ...(previous === undefined ? {} : { previous }),
        }));
        const demands = inputs.map((s) => s.demandRate * 0.1);
        const total = demands.reduce((a, b) => a + b, 0);
        const largest = Math.max(...demands);
        // Indivisible sources: capacity suffices when every provider filled to within one source of full holds it all.
        fc.pre(capacities.reduce((sum, c) => sum + c - largest, 0) >= total);
        const result = evaluate({ now: 2000, config: policyConfig({ mode, mbpsPerQueryRate: 0.1 }), providers, sources: inputs });
        result.providerLoad.forEach((load) => expect(load.mbps).toBeLessThanOrEqual(load.capacityMbps + 1e-6));
        expect(result.providerLoad.reduce((sum, l) => sum + l.mbps, 0)).toBeCloseTo(total, 6);
      }),
      { numRuns: 300 },
    );
  });
});
