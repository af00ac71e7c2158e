import type { DecisionCause, DecisionLevel } from "@dnsteer/model";
import { type Address, formatAddress, maskInPlace, maxPrefixLength, type Prefix, parseAddress, parsePrefix } from "@dnsteer/net";
import { describeVerdict } from "@dnsteer/policy";
import { providerForQuery, steeredAddresses, subnetDecides } from "@dnsteer/server";
import { readDecisionMap } from "@dnsteer/steering";
import type { DecisionRoute, PathStat, StoreBackend, StoredDecision } from "@dnsteer/storage";
import { type ClientSubnet, RRType } from "@dnsteer/wire";
import { type SteeringSetup, steeringView } from "./steering-view.js";

export interface ExplainQuery {
  /** The resolver's address. */
  address: string;
  /** An EDNS Client Subnet the query carries ("198.51.100.0/24"); it decides unless its length is 0. */
  clientSubnet?: string;
}

export interface PathView {
  provider: string;
  prefix: string;
  medianMs: number | null;
  ewmaMs: number | null;
  loss: number;
  jitterMs: number;
  samples: number;
}

export interface Explanation {
  /** What the answer was chosen by: the ECS subnet or the resolver address, as a prefix. */
  source: string;
  /** The ECS scope the reply carries (RFC 7871 7.2.1); null when no ECS subnet decides. */
  scope: number | null;
  /** The stored decision the responder's map matched (longest prefix), if any. */
  decision: { prefix: string; prefixLength: number; level: DecisionLevel; decidedAt: number; cause: DecisionCause } | null;
  /** The provider answered, and why that one: a decision, the default provider, or none (the zone). */
  provider: string | null;
  basis: "decision" | "default" | "zone";
  /** A and AAAA of a steered name as the server answers them; empty: the zone's own records answer that type. */
  answer: { a: string[]; aaaa: string[] };
  /** Each provider's verdict from the decision, as sentences ("slower by 12.3 ms"). */
  verdicts: Array<{ provider: string; verdict: string; rttMs: number | null; loss: number | null; price: number }>;
  /** Path measurements for the decision's prefix. */
  paths: PathView[];
}

/** What `explain` reads: the decision routes, the matched decision, its paths (the SQLite `Store` has all three). */
export interface ExplainReads {
  listDecisionRoutes(): DecisionRoute[];
  getDecision(prefix: string, prefixLength: number): StoredDecision | undefined;
  listPathStats(q: { prefix: string; prefixLength: number }): PathStat[];
}

/**
 * Why a source gets the answer it gets: the function behind `dnsteer explain` and the API. It
 * builds the decision map and steering view from the store exactly as `serve` does and asks
 * them with the steer handler's own functions, so it cannot disagree with the live server
 * (beyond the server's refresh interval). A bad address or subnet throws `NetError`.
 */
export function explain(store: ExplainReads, setup: SteeringSetup, q: ExplainQuery): Explanation {
  const key = queryKey(q);
  if (setup.steering === undefined) return unsteered(key);
  const found = locate(key, { providers: setup.providers, steering: setup.steering }, store.listDecisionRoutes());
  if (found.prefix === null) return explanation(found, undefined, []);
  const at = { prefix: found.prefix, prefixLength: found.matched };
  return explanation(found, store.getDecision(at.prefix, at.prefixLength), store.listPathStats(at));
}

/**
 * `explain` over any StoreBackend (PostgreSQL: the shared decisions the decider wrote, not a
 * site's local copy): the map read in one snapshot, then the matched decision and its paths.
 */
export async function explainOn(backend: StoreBackend, setup: SteeringSetup, q: ExplainQuery): Promise<Explanation> {
  const key = queryKey(q);
  if (setup.steering === undefined) return unsteered(key);
  const found = locate(key, { providers: setup.providers, steering: setup.steering }, (await backend.readDecisionMap()).routes);
  if (found.prefix === null) return explanation(found, undefined, []);
  const at = { prefix: found.prefix, prefixLength: found.matched };
  const [stored, stats] = await Promise.all([backend.getDecision(`${at.prefix}/${at.prefixLength}`), backend.listPathStats(at)]);
  return explanation(found, stored, stats);
}

/** The query's resolver, its ECS option, and the address the answer is chosen by. Bad input throws NetError. */
interface QueryKey {
  q: ExplainQuery;
  resolver: Address;
  ecs: Prefix | undefined;
  subnet: ClientSubnet | undefined;
  key: Address;
  source: string;
}

function queryKey(q: ExplainQuery): QueryKey {
  const resolver = parseAddress(q.address);
  const ecs = q.clientSubnet === undefined ? undefined : parsePrefix(q.clientSubnet, "clear");
  const subnet = ecs === undefined ? undefined : clientSubnetOf(ecs);
  const key: Address = ecs !== undefined && subnetDecides(subnet) ? ecs : resolver;
  const keyLength = key === ecs ? ecs.length : maxPrefixLength(resolver.family);
  return { q, resolver, ecs, subnet, key, source: `${formatAddress(key.bytes)}/${keyLength}` };
}

function unsteered(k: QueryKey): Explanation {
  return {
    source: k.source,
    scope: null,
    decision: null,
    provider: null,
    basis: "zone",
    answer: { a: [], aaaa: [] },
    verdicts: [],
    paths: [],
  };
}

/** What the responder's map and view answer for the key: the provider, the matched prefix (null: none). */
interface Located {
  k: QueryKey;
  scope: number | null;
  matched: number;
  prefix: string | null;
  provider: string | null;
  basis: Explanation["basis"];
  answer: Explanation["answer"];
}

function locate(k: QueryKey, setup: Required<SteeringSetup>, routes: DecisionRoute[]): Located {
  const view = steeringView(
    setup,
    readDecisionMap(
      { listDecisionRoutes: () => routes },
      setup.providers.map((p) => p.name),
    ),
  );
  const index = providerForQuery(view, k.subnet, k.q.address, k.resolver.family);
  const matched = view.decisions.matchedLength;
  const answered = (qtype: number) => steeredAddresses(view, index, qtype).map((a) => a.address);
  return {
    k,
    scope: k.key === k.ecs ? view.decisions.scopeLength : null,
    matched,
    prefix: matched < 0 ? null : formatAddress(maskInPlace(k.key.bytes.slice(), matched)),
    provider: view.providers[index]?.name ?? null,
    basis: matched >= 0 ? "decision" : index >= 0 ? "default" : "zone",
    answer: { a: answered(RRType.A), aaaa: answered(RRType.AAAA) },
  };
}

function explanation(found: Located, stored: StoredDecision | undefined, stats: readonly PathStat[]): Explanation {
  const { prefix, matched } = found;
  return {
    ...unsteered(found.k),
    scope: found.scope,
    decision:
      stored && prefix !== null
        ? { prefix, prefixLength: matched, level: stored.level, decidedAt: stored.decidedAt, cause: stored.reason.cause }
        : null,
    provider: found.provider,
    basis: found.basis,
    answer: found.answer,
    verdicts: (stored?.reason.providers ?? []).map((v) => ({
      provider: v.provider,
      verdict: describeVerdict(v),
      rttMs: v.rttMs,
      loss: v.loss,
      price: v.price,
    })),
    paths: stats.map(pathView),
  };
}

/** The ECS option a query for this subnet carries (address octets as on the wire: ceil(length / 8)). */
function clientSubnetOf(p: { family: 4 | 6; bytes: Uint8Array; length: number }): ClientSubnet {
  return { family: p.family === 4 ? 1 : 2, sourcePrefix: p.length, scopePrefix: 0, address: p.bytes.subarray(0, Math.ceil(p.length / 8)) };
}

function pathView(s: PathStat): PathView {
  const ms = (us: number | null) => (us === null ? null : Math.round(us) / 1000);
  return {
    provider: s.provider,
    prefix: `${s.prefix}/${s.prefixLength}`,
    medianMs: ms(s.medianRttUs),
    ewmaMs: ms(s.ewmaRttUs),
    loss: s.lossRatio,
    jitterMs: s.jitterUs / 1000,
    samples: s.window.length,
  };
}
