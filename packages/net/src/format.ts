import { NetError } from "./errors.js";
import type { Family } from "./types.js";

const groups = new Uint16Array(8); // format scratch
const wordBytes = new Uint8Array(16);

/** Dotted quad of bytes[off .. off+4). */
export function formatIPv4(bytes: Uint8Array, off = 0): string {
  return `${bytes[off]}.${bytes[off + 1]}.${bytes[off + 2]}.${bytes[off + 3]}`;
}

/**
 * RFC 5952 text of bytes[off .. off+16): lowercase hex without leading zeros (4.1, 4.3), the
 * longest run of two or more zero groups as "::", the first of equal runs (4.2). IPv4-mapped
 * addresses stay in hex ("::ffff:c000:201"): section 5's dotted form is only a recommendation.
 */
export function formatIPv6(bytes: Uint8Array, off = 0): string {
  for (let k = 0; k < 8; k++) groups[k] = (bytes[off + 2 * k]! << 8) | bytes[off + 2 * k + 1]!;
  let bestAt = -1;
  let bestLength = 1; // a single zero group is never shortened (4.2.2)
  for (let k = 0; k < 8; ) {
    if (groups[k] !== 0) {
      k++;
      continue;
    }
    let run = k;
    while (run < 8 && groups[run] === 0) run++;
    if (run - k > bestLength) {
      bestAt = k;
      bestLength = run - k;
    }
    k = run;
  }
  let text = "";
  for (let k = 0; k < 8; k++) {
    if (k === bestAt) {
      text += "::";
      k += bestLength - 1;
      continue;
    }
    if (k > 0 && k !== bestAt + bestLength) text += ":";
    text += groups[k]!.toString(16);
  }
  return text;
}

/** Canonical text of a 4- or 16-octet address. */
export function formatAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return formatIPv4(bytes);
  if (bytes.length === 16) return formatIPv6(bytes);
  throw new NetError("BAD_ADDRESS", `an address has 4 or 16 octets, not ${bytes.length}`);
}

/** Canonical text of an address held as big-endian 32-bit words (IPv4: `w0` only). */
export function formatAddressWords(family: Family, w0: number, w1: number, w2: number, w3: number): string {
  writeWord(w0, 0);
  if (family === 4) return formatIPv4(wordBytes);
  writeWord(w1, 4);
  writeWord(w2, 8);
  writeWord(w3, 12);
  return formatIPv6(wordBytes);
}

function writeWord(word: number, at: number): void {
  wordBytes[at] = word >>> 24;
  wordBytes[at + 1] = word >>> 16;
  wordBytes[at + 2] = word >>> 8;
  wordBytes[at + 3] = word;
}
