/**
 * The bench workload: `sources` distinct sources (70% IPv4, 30% IPv6; a tenth of each as ECS
 * /24 or /56 subnets), and an event stream that names every source once plus Zipf(1)-ranked
 * draws over them (a few resolvers send most queries), shuffled. Generated once, seeded, so
 * every implementation ingests the same bytes.
 */
import { formatAddressWords, prefixKey } from "@dnsteer/net";
import { seededRandom } from "../../fixtures/random.js";

export interface Workload {
  sources: number;
  family: Uint8Array;
  prefixLength: Uint8Array;
  ecs: Uint8Array;
  /** 4 words per source. */
  words: Int32Array;
  /** Source index per event, and its name group (0..groups-1). */
  events: Int32Array;
  groups: Uint8Array;
  /** Map baseline keys ("192.0.2.1/32"), one string per source. */
  text: string[];
}

/**
 * The stream as each implementation reads it, laid out per event so that reading the input is
 * sequential (as a packet in hand is) and the measured misses are the structure's own.
 */
export interface EventStream {
  /** Per event: 4 address words. */
  words: Int32Array;
  /** Per event: family (bit 0: IPv6), ECS (bit 1), group (bits 8-15), prefix length (bits 16-23). */
  info: Int32Array;
  /** Per event: the Map baseline's key. */
  text: string[];
}

export function eventStream(w: Workload): EventStream {
  const n = w.events.length;
  const out: EventStream = { words: new Int32Array(n * 4), info: new Int32Array(n), text: new Array<string>(n) };
  for (let e = 0; e < n; e++) {
    const s = w.events[e]!;
    out.words.set(w.words.subarray(s * 4, s * 4 + 4), e * 4);
    out.info[e] = (w.family[s] === 6 ? 1 : 0) | (w.ecs[s]! << 1) | (w.groups[e]! << 8) | (w.prefixLength[s]! << 16);
    out.text[e] = w.text[s]!;
  }
  return out;
}

export function makeWorkload(sources: number, events: number, groups: number, seed = 1): Workload {
  const rand = seededRandom(seed);
  const w: Workload = {
    sources,
    family: new Uint8Array(sources),
    prefixLength: new Uint8Array(sources),
    ecs: new Uint8Array(sources),
    words: new Int32Array(sources * 4),
    events: new Int32Array(events),
    groups: new Uint8Array(events),
    text: [],
  };
  for (let s = 0; s < sources; s++) fillSource(w, s, rand);
  for (let s = 0; s < sources; s++) {
    const a = s * 4;
    const family = w.family[s] as 4 | 6;
    w.text.push(prefixKey(formatAddressWords(family, w.words[a]!, w.words[a + 1]!, w.words[a + 2]!, w.words[a + 3]!), w.prefixLength[s]!));
  }
  const cdf = zipfCdf(sources);
  for (let e = 0; e < events; e++) {
    w.events[e] = e < sources ? e : rank(cdf, rand());
    w.groups[e] = Math.floor(rand() * groups);
  }
  shuffle(w.events, rand);
  return w;
}

/** Distinct by construction: an odd multiplier is a bijection on 32-bit words. */
function fillSource(w: Workload, s: number, rand: () => number): void {
  const spread = (n: number) => Math.imul(n, 0x9e3779b1);
  const ecs = rand() < 0.1;
  const a = s * 4;
  w.ecs[s] = ecs ? 1 : 0;
  if (rand() < 0.7) {
    w.family[s] = 4;
    w.prefixLength[s] = ecs ? 24 : 32;
    w.words[a] = ecs ? (spread(s) & 0xffffff) << 8 : spread(s); // bijective on 24 bits too (s < 2^24)
  } else {
    w.family[s] = 6;
    w.prefixLength[s] = ecs ? 56 : 128;
    w.words[a] = 0x20010db8;
    w.words[a + 1] = ecs ? (spread(s) & 0xffffff) << 8 : spread(s);
    w.words[a + 2] = ecs ? 0 : spread(~s);
    w.words[a + 3] = ecs ? 0 : (rand() * 2 ** 32) | 0;
  }
}

function zipfCdf(n: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / (k + 1);
  for (let k = 0; k < n; k++) cdf[k]! /= sum;
  return cdf;
}

/** Rank k (0-based) with probability ~ 1/(k+1); ranks are source indices in random order. */
function rank(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function shuffle(a: Int32Array, rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const x = a[i]!;
    a[i] = a[j]!;
    a[j] = x;
  }
}
