import type { DecisionMap } from "@dnsteer/steering";
import { type AData, type ClientSubnet, type Name, nameToKey, parseName, RRType } from "@dnsteer/wire";

export interface SteeredProvider {
  name: string;
  /** Service addresses answered when this provider is chosen. */
  a: readonly AData[];
  aaaa: readonly AData[];
}

/**
 * Everything the steer handler reads, immutable: which names are steered, each provider's
 * answer, and the decision map. A refresh builds a new view and swaps it in (like a zone
 * reload), so a query never sees half of an update and never waits for one.
 */
export interface SteeringView {
  /** Query.key of each steered name -> the name. */
  readonly names: ReadonlyMap<string, Name>;
  /** Index-aligned with `decisions.providers`. */
  readonly providers: readonly SteeredProvider[];
  readonly decisions: DecisionMap;
  /** Provider index for sources without a decision; -1 answers from the zone's own records. */
  readonly defaultProvider: number;
  readonly ttl: number;
  /** Answer templates of steered answers: Query.key -> [provider * 2 + (A ? 0 : 1)]; filled on first use. */
  readonly steeredAnswerTemplates: Map<string, Array<Buffer | undefined>>;
}

export interface SteeringViewInput {
  names: readonly string[];
  providers: ReadonlyArray<{ name: string; serviceA: readonly string[]; serviceAAAA: readonly string[] }>;
  decisions: DecisionMap;
  defaultProvider?: string;
  ttl: number;
}

export function buildSteeringView(input: SteeringViewInput): SteeringView {
  const names = new Map<string, Name>();
  for (const text of input.names) {
    const name = parseName(text.endsWith(".") ? text : `${text}.`);
    names.set(nameToKey(name), name);
  }
  const byName = new Map(input.providers.map((p) => [p.name, p]));
  const providers = input.decisions.providers.map((name) => {
    const p = byName.get(name);
    return { name, a: (p?.serviceA ?? []).map((address) => ({ address })), aaaa: (p?.serviceAAAA ?? []).map((address) => ({ address })) };
  });
  const defaultProvider = input.defaultProvider === undefined ? -1 : input.decisions.providers.indexOf(input.defaultProvider);
  return { names, providers, decisions: input.decisions, defaultProvider, ttl: input.ttl, steeredAnswerTemplates: new Map() };
}

/*
 * How the steer handler chooses an answer, exported so that anything explaining an answer
 * (`dnsteer explain`) runs the same code as the responder. Allocation-free: on the query path.
 */

/** Provider index for a resolver address: its longest-prefix decision, else the default; -1 = the zone's records. */
export function providerForAddress(view: SteeringView, address: string, family: 4 | 6): number {
  const provider = view.decisions.lookupText(address, family);
  return provider >= 0 ? provider : view.defaultProvider;
}

/** The same for a resolver address given as octets (4 or 16 from `offset`, by family): the batch path's. */
export function providerForAddressBytes(view: SteeringView, family: 4 | 6, bytes: Uint8Array, offset: number): number {
  const provider = view.decisions.lookupBytes(family, bytes, offset, family === 4 ? 32 : 128);
  return provider >= 0 ? provider : view.defaultProvider;
}

/**
 * Provider index for an ECS subnet (the first `bits` bits of `address`), as for an address.
 * Afterwards `view.decisions.scopeLength` is the ECS scope the answer holds for.
 */
export function providerForSubnet(view: SteeringView, family: 4 | 6, address: Uint8Array, bits: number): number {
  const provider = view.decisions.lookupBytes(family, address, 0, bits);
  return provider >= 0 ? provider : view.defaultProvider;
}

/** Whether a query's ECS option decides its answer: a source prefix of 0 asks for none (RFC 7871 7.1.2), so the resolver's address does. */
export function subnetDecides(subnet: ClientSubnet | undefined): subnet is ClientSubnet {
  return subnet !== undefined && subnet.sourcePrefix > 0;
}

/** Provider index for a query: by its ECS subnet when that decides, else by the resolver's address. */
export function providerForQuery(view: SteeringView, subnet: ClientSubnet | undefined, address: string, family: 4 | 6): number {
  if (!subnetDecides(subnet)) return providerForAddress(view, address, family);
  return providerForSubnet(view, subnet.family === 1 ? 4 : 6, subnet.address, subnet.sourcePrefix);
}

/** The addresses answered for `provider` and qtype A or AAAA; empty when the zone's own records answer. */
export function steeredAddresses(view: SteeringView, provider: number, qtype: number): readonly AData[] {
  const p = view.providers[provider];
  if (!p) return NONE;
  return qtype === RRType.A ? p.a : qtype === RRType.AAAA ? p.aaaa : NONE;
}

const NONE: readonly AData[] = [];
