import { wireFields } from "./wire-fields.js";

/**
 * Byte-level mutations of corpus entries, driven only by a seeded PRNG (fixtures/random.ts),
 * so a seed and an iteration number give the same input on every machine: a failure replays.
 * Pure: no I/O.
 */
export type Rng = () => number;

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)]!;

/** Octets that sit on a boundary of some DNS field (label types, lengths, signs). */
const WIRE_INTERESTING = [0, 1, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xfe, 0xff];
const U16_INTERESTING = [0, 1, 2, 3, 4, 7, 8, 16, 40, 41, 255, 256, 511, 512, 0x3fff, 0x7fff, 0x8000, 0xfffe, 0xffff];

function setU16(b: Uint8Array, at: number, v: number): void {
  if (at + 1 >= b.length) return;
  b[at] = (v >> 8) & 0xff;
  b[at + 1] = v & 0xff;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

type WireMutator = (b: Uint8Array, rng: Rng, other: Uint8Array) => Uint8Array;

/** One of each kind the fuzzer is asked for: bit flips, truncation, lengths, pointers, splicing. */
const WIRE_MUTATORS: Record<string, WireMutator> = {
  bitFlip(b, rng) {
    const flips = 1 + int(rng, 8);
    for (let i = 0; i < flips && b.length > 0; i++) b[int(rng, b.length)]! ^= 1 << int(rng, 8);
    return b;
  },
  interestingByte(b, rng) {
    if (b.length > 0) b[int(rng, b.length)] = pick(rng, WIRE_INTERESTING);
    return b;
  },
  truncate(b, rng) {
    return b.subarray(0, int(rng, b.length + 1));
  },
  append(b, rng) {
    const extra = new Uint8Array(1 + int(rng, 16));
    for (let i = 0; i < extra.length; i++) extra[i] = int(rng, 256);
    return concat(b, extra);
  },
  headerCount(b, rng) {
    setU16(b, 4 + 2 * int(rng, 4), rng() < 0.5 ? pick(rng, U16_INTERESTING) : ((b[5 + 2 * int(rng, 4)] ?? 0) + int(rng, 3) - 1) & 0xffff);
    return b;
  },
  headerFlags(b, rng) {
    if (b.length >= 4) {
      b[2] = rng() < 0.5 ? int(rng, 256) : b[2]! ^ (1 << int(rng, 8)); // QR, opcode, AA, TC, RD
      if (rng() < 0.3) b[3] = int(rng, 256); // RA, Z, AD, CD, RCODE
    }
    return b;
  },
  labelLength(b, rng) {
    const f = wireFields(b);
    if (f.labels.length === 0) return WIRE_MUTATORS.bitFlip!(b, rng, b);
    const at = pick(rng, f.labels);
    b[at] = rng() < 0.5 ? pick(rng, WIRE_INTERESTING) : (b[at]! + int(rng, 5) - 2) & 0xff;
    return b;
  },
  rdlength(b, rng) {
    const f = wireFields(b);
    const fields = [...f.rdlengths, ...f.optionLengths];
    if (fields.length === 0) return WIRE_MUTATORS.headerCount!(b, rng, b);
    const at = pick(rng, fields);
    const old = (b[at]! << 8) | b[at + 1]!;
    setU16(b, at, rng() < 0.5 ? pick(rng, U16_INTERESTING) : (old + int(rng, 9) - 4) & 0xffff);
    return b;
  },
  pointer(b, rng) {
    const f = wireFields(b);
    const places = [...f.pointers, ...f.names, ...f.labels];
    if (places.length === 0) return WIRE_MUTATORS.bitFlip!(b, rng, b);
    const at = pick(rng, places);
    // Forward, to itself, into the header, past the end, or an ordinary earlier name.
    const targets = [at, at + 2, 0, 4, 12, b.length, 0x3fff, int(rng, Math.max(1, at)), pick(rng, [12, ...f.names])];
    const target = pick(rng, targets) & 0x3fff;
    if (at + 1 < b.length) setU16(b, at, 0xc000 | target);
    else return concat(b.subarray(0, at), new Uint8Array([0xc0 | (target >> 8), target & 0xff]));
    return rng() < 0.5 ? b : b.subarray(0, at + 2); // the name ends at a pointer, or keeps what followed
  },
  spliceLabels(b, rng, other) {
    const mine = wireFields(b);
    const theirs = wireFields(other);
    if (mine.names.length === 0 || theirs.labels.length === 0) return WIRE_MUTATORS.truncate!(b, rng, other);
    const at = pick(rng, mine.names);
    const from = pick(rng, theirs.labels);
    const len = 1 + int(rng, Math.min(64, other.length - from));
    const repeat = rng() < 0.2 ? 1 + int(rng, 8) : 1;
    const piece = other.subarray(from, from + len);
    const parts: Uint8Array[] = [b.subarray(0, at)];
    for (let i = 0; i < repeat; i++) parts.push(piece);
    parts.push(b.subarray(at + (rng() < 0.5 ? 0 : int(rng, Math.max(1, b.length - at)))));
    return concat(...parts);
  },
  spliceMessages(b, rng, other) {
    const cut = int(rng, b.length + 1);
    const from = int(rng, other.length + 1);
    return concat(b.subarray(0, cut), other.subarray(from));
  },
  longName(b, rng) {
    // The question name replaced by 3 to 5 long labels: around the 255-octet limit.
    const f = wireFields(b);
    const end = f.names.length > 1 ? f.names[1]! - 4 : b.length;
    const labels: number[] = [];
    const n = 3 + int(rng, 3);
    for (let i = 0; i < n; i++) labels.push(i < 3 ? 63 : int(rng, 64));
    const name = labels.flatMap((l) => [l, ...Array<number>(l).fill(0x61 + int(rng, 26))]);
    return concat(b.subarray(0, 12), new Uint8Array([...name, 0]), b.subarray(Math.max(12, end - 1) + (end < b.length ? 1 : 0)));
  },
  lastRecord(b, rng) {
    // The last record (the OPT in most queries) twice, or with an owner other than the root.
    const f = wireFields(b);
    if (f.rdlengths.length === 0 || b.length < 12) return WIRE_MUTATORS.headerCount!(b, rng, b);
    const start = f.names[f.names.length - 1]!;
    const record = b.subarray(start);
    if (rng() < 0.5) {
      const out = concat(b, record);
      setU16(out, 10, ((out[10]! << 8) | out[11]!) + 1);
      return out;
    }
    return concat(b.subarray(0, start), new Uint8Array([1, 0x78]), record);
  },
  deleteRange(b, rng) {
    const at = int(rng, b.length + 1);
    return concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(rng, 8))));
  },
  duplicateRange(b, rng) {
    const at = int(rng, b.length + 1);
    const len = int(rng, 32);
    return concat(b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len));
  },
};
const WIRE_NAMES = Object.keys(WIRE_MUTATORS);

/** A mutated copy of `seed` (1 to 4 stacked mutations); `other` is a second entry to splice from. */
export function mutateWire(seed: Uint8Array, other: Uint8Array, rng: Rng): { bytes: Uint8Array; steps: string[] } {
  let b: Uint8Array = Uint8Array.from(seed);
  const steps: string[] = [];
  const n = 1 + int(rng, 4);
  for (let i = 0; i < n; i++) {
    const name = pick(rng, WIRE_NAMES);
    steps.push(name);
    b = Uint8Array.from(WIRE_MUTATORS[name]!(b, rng, other));
  }
  return { bytes: b, steps };
}

/** Zone-text octets with a meaning to the lexer, and tokens with a meaning to the parser. */
const ZONE_OCTETS = [0x28, 0x29, 0x22, 0x5c, 0x3b, 0x24, 0x40, 0x20, 0x09, 0x0a, 0x0d, 0x2e, 0x2a, 0x30, 0x39, 0x00, 0x80, 0xff, 0xc3];
const ZONE_TOKENS = [
  "$INCLUDE",
  "$INCLUDE included.inc",
  "$INCLUDE /etc/hostname",
  "$INCLUDE ../zone/include.test.zone",
  "$INCLUDE include.test.zone",
  "$INCLUDE big.inc",
  "$INCLUDE loop.inc",
  "$INCLUDE deep.inc",
  "$INCLUDE dir.inc",
  "$INCLUDE /dev/zero",
  "$INCLUDE .",
  "$INCLUDE missing.inc",
  "$INCLUDE fifo.inc",
  "$INCLUDE socket.inc",
  "$INCLUDE link-out.inc",
  "$INCLUDE ../outside.inc",
  "$INCLUDE ../extra/shared.inc",
  "$INCLUDE filler.inc",
  "$INCLUDE /sys/class/net/lo/mtu",
  "$INCLUDE /sys/class/net/lo/speed",
  "$INCLUDE /etc/shadow",
  "$INCLUDE included.inc bad..origin",
  "$ORIGIN",
  "$ORIGIN .",
  "$ORIGIN sub",
  "$TTL",
  "$TTL 1w2d",
  "$GENERATE 1-2 a$ A 1.2.3.4",
  "\\# 0",
  "\\# 65535 00",
  "\\# 2 zz",
  "TYPE0",
  "TYPE65535",
  "TYPE65536",
  "CLASS255",
  "CH",
  "HS",
  "ANY",
  "AXFR",
  "OPT",
  "2147483647",
  "2147483648",
  "4294967296",
  "1w1w",
  "99999999999999999999",
  '"unterminated',
  "\\999",
  "\\0",
  "\\",
  "(",
  ")",
  "((",
  "))",
  ";",
  "@",
  "*",
  "..",
  "a..b",
  ".",
  "x".repeat(63),
  "x".repeat(64),
  `${"abcdefghi.".repeat(26)}`,
  '"' + "t".repeat(300) + '"',
  "SOA ns h 1 2 3 4 5",
  "NS ns",
  "CNAME www",
  "DNAME other.test.",
  "A 192.0.2.1",
  "AAAA ::ffff:1.2.3.4",
  "SVCB 0 . alpn=h2",
  "HTTPS 1 . mandatory=mandatory",
  "TXT",
];

type ZoneMutator = (b: Uint8Array, rng: Rng, other: Uint8Array) => Uint8Array;
const enc = (s: string) => new TextEncoder().encode(s);

function lineStarts(b: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 0x0a) starts.push(i + 1);
  return starts;
}
function lineAt(b: Uint8Array, rng: Rng): [number, number] {
  const starts = lineStarts(b);
  const i = int(rng, starts.length);
  return [starts[i]!, starts[i + 1] ?? b.length];
}
function tokenAt(b: Uint8Array, rng: Rng): [number, number] {
  let at = int(rng, b.length + 1);
  while (at > 0 && b[at - 1] !== 0x20 && b[at - 1] !== 0x09 && b[at - 1] !== 0x0a) at--;
  let end = at;
  while (end < b.length && b[end] !== 0x20 && b[end] !== 0x09 && b[end] !== 0x0a) end++;
  return [at, end];
}

const ZONE_MUTATORS: Record<string, ZoneMutator> = {
  bitFlip: (b, rng, o) => WIRE_MUTATORS.bitFlip!(b, rng, o),
  truncate: (b, rng, o) => WIRE_MUTATORS.truncate!(b, rng, o),
  deleteRange: (b, rng, o) => WIRE_MUTATORS.deleteRange!(b, rng, o),
  syntaxOctet(b, rng) {
    const at = int(rng, b.length + 1);
    const octet = new Uint8Array([pick(rng, ZONE_OCTETS)]);
    if (rng() >= 0.5 || at >= b.length) return concat(b.subarray(0, at), octet, b.subarray(at));
    b[at] = octet[0]!;
    return b;
  },
  replaceToken(b, rng) {
    const [at, end] = tokenAt(b, rng);
    return concat(b.subarray(0, at), enc(pick(rng, ZONE_TOKENS)), b.subarray(end));
  },
  insertToken(b, rng) {
    const [at] = tokenAt(b, rng);
    return concat(b.subarray(0, at), enc(`${pick(rng, ZONE_TOKENS)} `), b.subarray(at));
  },
  insertLine(b, rng) {
    const [at] = lineAt(b, rng);
    const owner = pick(rng, ["", "x ", "@ ", "sub.x ", "* ", "ns "]);
    return concat(b.subarray(0, at), enc(`${owner}${pick(rng, ZONE_TOKENS)}\n`), b.subarray(at));
  },
  duplicateLine(b, rng) {
    const [at, end] = lineAt(b, rng);
    return concat(b.subarray(0, end), b.subarray(at, end), b.subarray(end));
  },
  deleteLine(b, rng) {
    const [at, end] = lineAt(b, rng);
    return concat(b.subarray(0, at), b.subarray(end));
  },
  spliceLine(b, rng, other) {
    const [at] = lineAt(b, rng);
    const [from, to] = lineAt(other, rng);
    return concat(b.subarray(0, at), other.subarray(from, to), b.subarray(at));
  },
  swapLines(b, rng) {
    const [a0, a1] = lineAt(b, rng);
    const [b0, b1] = lineAt(b, rng);
    if (a1 > b0 || a0 === b0) return b;
    return concat(b.subarray(0, a0), b.subarray(b0, b1), b.subarray(a1, b0), b.subarray(a0, a1), b.subarray(b1));
  },
};
const ZONE_NAMES = Object.keys(ZONE_MUTATORS);

/** A mutated copy of zone text `seed` (1 to 4 stacked mutations). */
export function mutateZone(seed: Uint8Array, other: Uint8Array, rng: Rng): { bytes: Uint8Array; steps: string[] } {
  let b: Uint8Array = Uint8Array.from(seed);
  const steps: string[] = [];
  const n = 1 + int(rng, 4);
  for (let i = 0; i < n; i++) {
    const name = pick(rng, ZONE_NAMES);
    steps.push(name);
    b = Uint8Array.from(ZONE_MUTATORS[name]!(b, rng, other));
  }
  return { bytes: b, steps };
}
