import { describeVerdict, type ProviderVerdict } from "@dnsteer/policy";
import { maskInPlace, parseIPv4Into, parseIPv6Into } from "@dnsteer/net";
import { PrefixTrie } from "@dnsteer/steering";
import type { Decision, PathStat, Store } from "@dnsteer/storage";

export interface ExplainQuery {
  /** The resolver's address. */
  address: string;
  /** An EDNS Client Subnet the query would carry ("198.51.100.0/24"); it takes precedence. */
  clientSubnet?: string;
  /** Provider answered when no decision covers the source (steering.defaultProvider). */
  defaultProvider?: string;
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
  /** What the decision was looked up by: the ECS subnet or the resolver address. */
  source: string;
  /** The stored decision that covers it (longest prefix), if any. */
  decision: { prefix: string; prefixLength: number; level: string; decidedAt: number; cause: string } | null;
  /** The provider answered, and why that one. */
  provider: string | null;
  basis: "decision" | "default" | "zone";
  answer: { a: string[]; aaaa: string[] };
  /** Each provider's verdict from the decision, as sentences ("slower by 12.3 ms"). */
  verdicts: Array<{ provider: string; verdict: string; rttMs: number | null; loss: number | null; price: number }>;
  /** Path measurements for the decision's prefix (and the source's own, when different). */
  paths: PathView[];
}

/** Why a source gets the answer it gets: the function behind `dnsteer explain` and the API. */
export function explain(store: Store, q: ExplainQuery): Explanation {
  const { family, bytes, bits, source } = sourceOf(q);
  const decisions = store.listDecisions();
  const trie = new PrefixTrie();
  const scratch = new Uint8Array(16);
  decisions.forEach((d, i) => {
    const fam = parseIPv4Into(d.prefix, scratch) ? 4 : parseIPv6Into(d.prefix, scratch) ? 6 : 0;
    if (fam === family) trie.insert(fam, scratch, d.prefixLength, i);
  });
  const index = trie.lookup(family, bytes, 0, bits);
  const decision: Decision | undefined = index >= 0 ? decisions[index] : undefined;
  const provider = decision?.provider ?? q.defaultProvider ?? null;
  const row = provider === null ? undefined : store.getProvider(provider);
  const reason = (decision?.reason ?? {}) as { level?: string; cause?: string; providers?: ProviderVerdict[] };
  const paths = decision ? store.listPathStats({ prefix: decision.prefix, prefixLength: decision.prefixLength }).map(pathView) : [];
  return {
    source,
    decision: decision ? { prefix: decision.prefix, prefixLength: decision.prefixLength, level: reason.level ?? "source", decidedAt: decision.decidedAt, cause: reason.cause ?? "" } : null,
    provider,
    basis: decision ? "decision" : provider ? "default" : "zone",
    answer: { a: row?.serviceA ?? [], aaaa: row?.serviceAAAA ?? [] },
    verdicts: (reason.providers ?? []).map((v) => ({ provider: v.provider, verdict: describeVerdict(v), rttMs: v.rttMs, loss: v.loss, price: v.price })),
    paths,
  };
}

function pathView(s: PathStat): PathView {
  const ms = (us: number | null) => (us === null ? null : Math.round(us) / 1000);
  return { provider: s.provider, prefix: `${s.prefix}/${s.prefixLength}`, medianMs: ms(s.medianRttUs), ewmaMs: ms(s.ewmaRttUs), loss: s.lossRatio, jitterMs: s.jitterUs / 1000, samples: s.window.length };
}

function sourceOf(q: ExplainQuery): { family: 4 | 6; bytes: Uint8Array; bits: number; source: string } {
  const bytes = new Uint8Array(16);
  const [text, len] = q.clientSubnet ? q.clientSubnet.split("/") : [q.address, undefined];
  const family = parseIPv4Into(text!, bytes) ? 4 : parseIPv6Into(text!, bytes) ? 6 : 0;
  if (family === 0) throw new Error(`not an IP address: ${text}`);
  const max = family === 4 ? 32 : 128;
  const bits = len === undefined ? max : Number(len);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) throw new Error(`bad prefix length in ${q.clientSubnet}`);
  maskInPlace(bytes.subarray(0, max / 8), bits);
  return { family, bytes, bits, source: `${text}/${bits}` };
}
