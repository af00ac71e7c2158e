/**
 * The simulated world: the testbed's own seeded topologies (fixtures/testbed/topology.ts, the
 * generator the real-testbed accuracy harness uses), each replicated until the wanted number of
 * sources is reached. Every resolver is two sources (its IPv4 and IPv6 address), as on the
 * testbed; replicas share delays but draw their own noise, and each replica's /24s and /48s are
 * aggregates of their own.
 */
import { generateTopology, type Topology } from "../../../../fixtures/testbed/topology.js";

export interface World {
  providers: string[];
  topologies: Topology[];
  /** Resolvers per topology (every topology has the same count). */
  resolvers: number;
  replicas: number;
  count: number;
  keys: string[];
  /** Index into aggregateKeys per source. */
  aggregateOf: Int32Array;
  aggregateKeys: string[];
  aggregateLength: Uint8Array;
  family: Uint8Array;
  /** Drops ICMP echo replies (IPv4 sources only matter: IPv6 is probed by TCP). */
  silent: Uint8Array;
  /** Member of the topology's mixed /24 (or its /48). */
  mixed: Uint8Array;
  /** Topology index per source. */
  topology: Uint16Array;
  /** True delay now, source × provider, ms (centre of the per-packet jitter). */
  delays: Float64Array;
  /** Per-packet jitter now, fraction (0.2 = ±20 %, uniform). */
  jitter: Float64Array;
}

/** Source index of (replica, topology, resolver, family). */
export function sourceIndex(w: World, replica: number, t: number, r: number, family: 4 | 6): number {
  return ((replica * w.topologies.length + t) * w.resolvers + r) * 2 + (family === 6 ? 1 : 0);
}

export function buildWorld(seeds: readonly number[], wantedSources: number): World {
  const topologies = seeds.map((seed) => generateTopology(seed));
  const providers = [...topologies[0]!.providers];
  const P = providers.length;
  const resolvers = topologies[0]!.resolvers.length;
  const perReplica = topologies.length * resolvers * 2;
  const replicas = Math.max(1, Math.ceil(wantedSources / perReplica));
  const count = replicas * perReplica;
  const w: World = {
    providers,
    topologies,
    resolvers,
    replicas,
    count,
    keys: new Array(count),
    aggregateOf: new Int32Array(count),
    aggregateKeys: [],
    aggregateLength: new Uint8Array(count),
    family: new Uint8Array(count),
    silent: new Uint8Array(count),
    mixed: new Uint8Array(count),
    topology: new Uint16Array(count),
    delays: new Float64Array(count * P),
    jitter: new Float64Array(count),
  };
  const aggregates = new Map<string, number>();
  for (let replica = 0; replica < replicas; replica++) {
    topologies.forEach((topo, t) => {
      topo.resolvers.forEach((r, ri) => {
        for (const family of [4, 6] as const) {
          const s = sourceIndex(w, replica, t, ri, family);
          const tag = `${replica}.${topo.seed}`;
          const aggregate = `${tag}|${family === 4 ? r.prefix4 : r.prefix6}`;
          if (!aggregates.has(aggregate)) {
            aggregates.set(aggregate, w.aggregateKeys.length);
            w.aggregateKeys.push(aggregate);
          }
          w.keys[s] = `${tag}|${family === 4 ? r.v4 : r.v6}/${family === 4 ? 32 : 128}`;
          w.aggregateOf[s] = aggregates.get(aggregate)!;
          w.aggregateLength[s] = family === 4 ? 24 : 48;
          w.family[s] = family;
          w.silent[s] = r.silent ? 1 : 0;
          w.mixed[s] = r.prefix4 === topo.mixedPrefix4 ? 1 : 0;
          w.topology[s] = t;
          w.jitter[s] = r.jitterPct / 100;
          providers.forEach((p, pi) => {
            w.delays[s * P + pi] = r.delays[family][p]!;
          });
        }
      });
    });
  }
  return w;
}

/** Sets a path's true delay in every replica. */
export function setDelay(w: World, t: number, resolver: number, family: 4 | 6, provider: number, ms: number): void {
  for (let replica = 0; replica < w.replicas; replica++)
    w.delays[sourceIndex(w, replica, t, resolver, family) * w.providers.length + provider] = ms;
}
