import type { SourcePrefix } from "../../core/source-prefix.js";
import { ResponseKind } from "./kind.js";

/**
 * The two 32-bit hashes of a bucket's key (source prefix, kind, and for answers the name and
 * type), left in `keyHash` ([0] places the bucket, [1] recognises it): a typed array rather
 * than a returned pair or module variables (those would hold boxed numbers), so a query
 * allocates nothing here. Seeded per process, so nobody can pick keys that collide.
 */
export const keyHash = new Uint32Array(2);

const seedA = (Math.random() * 0x100000000) >>> 0;
const seedB = (Math.random() * 0x100000000) >>> 0;

export function hashKey(prefix: SourcePrefix, kind: ResponseKind, name: string, qtype: number): void {
  let a = seedA;
  let b = seedB;
  a = step(a, prefix.family);
  b = step(b, prefix.family);
  a = step(a, prefix.hi);
  b = step(b, prefix.hi);
  a = step(a, prefix.lo);
  b = step(b, prefix.lo);
  a = step(a, kind);
  b = step(b, kind);
  // Answers are limited per name and type (identical responses, as BIND counts them); NXDOMAIN,
  // referrals and errors per source only, or every random name would get a bucket of its own.
  if (kind === ResponseKind.ANSWER) {
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      a = step(a, c);
      b = step(b, c);
    }
    a = step(a, qtype);
    b = step(b, qtype);
  }
  keyHash[0] = finish(a);
  keyHash[1] = finish(b);
}

/** FNV-1a over a 32-bit value. */
function step(h: number, v: number): number {
  return Math.imul(h ^ v, 0x01000193);
}

/** MurmurHash3's finaliser: every input bit reaches every output bit. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
