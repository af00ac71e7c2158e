/**
 * SipHash-2-4 (Aumasson & Bernstein) with 32-bit arithmetic: each 64-bit lane is a high and a
 * low 32-bit half, so no BigInt. The state is local variables of one function (module-level
 * ones would be boxed numbers: an allocation per assignment); nothing is allocated per call.
 */

/** A 128-bit key as SipHash reads it: k0 and k1, little-endian, each as [low, high] 32 bits. */
export type SipKey = Uint32Array;

/** The key words of 16 octets. */
export function sipKey(octets: Uint8Array): SipKey {
  if (octets.length !== 16) throw new RangeError("a SipHash key is 16 octets");
  const k = new Uint32Array(4);
  for (let i = 0; i < 4; i++) k[i] = readLE32(octets, i * 4);
  return k;
}

/** SipHash-2-4 of `msg[at, at + len)` under `key`; the 8-octet tag (little-endian, as the reference) goes to `out[outAt]`. */
export function siphash24(key: SipKey, msg: Uint8Array, at: number, len: number, out: Uint8Array, outAt: number): void {
  const k0l = key[0]!;
  const k0h = key[1]!;
  const k1l = key[2]!;
  const k1h = key[3]!;
  let v0h = (k0h ^ 0x736f6d65) >>> 0;
  let v0l = (k0l ^ 0x70736575) >>> 0;
  let v1h = (k1h ^ 0x646f7261) >>> 0;
  let v1l = (k1l ^ 0x6e646f6d) >>> 0;
  let v2h = (k0h ^ 0x6c796765) >>> 0;
  let v2l = (k0l ^ 0x6e657261) >>> 0;
  let v3h = (k1h ^ 0x74656462) >>> 0;
  let v3l = (k1l ^ 0x79746573) >>> 0;

  const full = len >> 3;
  // Steps 0..full-1: the message's 8-octet words; step full: the last word (the remaining
  // octets, the length's low octet on top); step full+1: finalisation. Each word gets two
  // rounds (the "2"), finalisation four (the "4").
  for (let step = 0; step <= full + 1; step++) {
    let mh = 0;
    let ml = 0;
    const word = step <= full;
    if (step < full) {
      ml = readLE32(msg, at + step * 8);
      mh = readLE32(msg, at + step * 8 + 4);
    } else if (word) {
      const from = at + full * 8;
      mh = (len & 0xff) << 24;
      for (let j = 0; j < (len & 7); j++) {
        const b = msg[from + j]!;
        if (j < 4) ml |= b << (8 * j);
        else mh |= b << (8 * (j - 4));
      }
      mh >>>= 0;
      ml >>>= 0;
    }
    if (word) {
      v3h = (v3h ^ mh) >>> 0;
      v3l = (v3l ^ ml) >>> 0;
    } else {
      v2l = (v2l ^ 0xff) >>> 0;
    }
    for (let r = word ? 2 : 4; r > 0; r--) {
      // v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
      let l = (v0l + v1l) >>> 0;
      v0h = (v0h + v1h + (l < v0l ? 1 : 0)) >>> 0;
      v0l = l;
      let h = ((v1h << 13) | (v1l >>> 19)) >>> 0;
      l = ((v1l << 13) | (v1h >>> 19)) >>> 0;
      v1h = (h ^ v0h) >>> 0;
      v1l = (l ^ v0l) >>> 0;
      h = v0h;
      v0h = v0l;
      v0l = h;
      // v2 += v3; v3 <<<= 16; v3 ^= v2
      l = (v2l + v3l) >>> 0;
      v2h = (v2h + v3h + (l < v2l ? 1 : 0)) >>> 0;
      v2l = l;
      h = ((v3h << 16) | (v3l >>> 16)) >>> 0;
      l = ((v3l << 16) | (v3h >>> 16)) >>> 0;
      v3h = (h ^ v2h) >>> 0;
      v3l = (l ^ v2l) >>> 0;
      // v0 += v3; v3 <<<= 21; v3 ^= v0
      l = (v0l + v3l) >>> 0;
      v0h = (v0h + v3h + (l < v0l ? 1 : 0)) >>> 0;
      v0l = l;
      h = ((v3h << 21) | (v3l >>> 11)) >>> 0;
      l = ((v3l << 21) | (v3h >>> 11)) >>> 0;
      v3h = (h ^ v0h) >>> 0;
      v3l = (l ^ v0l) >>> 0;
      // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
      l = (v2l + v1l) >>> 0;
      v2h = (v2h + v1h + (l < v2l ? 1 : 0)) >>> 0;
      v2l = l;
      h = ((v1h << 17) | (v1l >>> 15)) >>> 0;
      l = ((v1l << 17) | (v1h >>> 15)) >>> 0;
      v1h = (h ^ v2h) >>> 0;
      v1l = (l ^ v2l) >>> 0;
      h = v2h;
      v2h = v2l;
      v2l = h;
    }
    if (word) {
      v0h = (v0h ^ mh) >>> 0;
      v0l = (v0l ^ ml) >>> 0;
    }
  }
  writeLE32(out, outAt, (v0l ^ v1l ^ v2l ^ v3l) >>> 0);
  writeLE32(out, outAt + 4, (v0h ^ v1h ^ v2h ^ v3h) >>> 0);
}

function readLE32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function writeLE32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = (v >>> 24) & 0xff;
}
