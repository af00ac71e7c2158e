/**
 * Question names as the key strings `parseQuery` makes (`Query.key`: the lowercased wire name
 * as latin1), found from the bytes in a receive buffer without making a string. With the
 * interned string every Map the chain keys by `Query.key` (answer templates, steered names,
 * flow groups) is read as the chain reads it, and nothing is allocated: the string exists.
 *
 * Open addressing over an Int32Array of entry indices, with each entry's 32-bit hash kept
 * beside it so most probes compare one number. Fixed size: when full it starts over (as the
 * template cache does), so a flood of random names costs a string per miss and no memory.
 */
export class NameInterner {
  private readonly keys: string[] = [];
  private readonly hashes: Int32Array;
  /** Slot -> entry index + 1; 0 = empty. Twice the entries, a power of two. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** A wire name is at most 255 octets (the pre-parse checks it; find/intern get only such names). */
  private readonly scratch = Buffer.alloc(255);

  constructor(readonly maxEntries = 65_536) {
    let size = 2;
    while (size < maxEntries * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.hashes = new Int32Array(maxEntries);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The key of the wire name at bytes[start, end) (end: after its root label), or undefined. */
  find(bytes: Uint8Array, start: number, end: number): string | undefined {
    const hash = hashWire(bytes, start, end);
    const slots = this.slots;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const entry = slots[s]! - 1;
      if (entry < 0) return undefined;
      if (this.hashes[entry] === hash) {
        const key = this.keys[entry]!;
        if (sameName(key, bytes, start, end)) return key;
      }
    }
  }

  /** The key of the wire name at bytes[start, end), made and kept when not known yet. */
  intern(bytes: Uint8Array, start: number, end: number): string {
    const found = this.find(bytes, start, end);
    if (found !== undefined) return found;
    if (this.keys.length >= this.maxEntries) this.clear();
    const scratch = this.scratch;
    for (let i = start; i < end; i++) scratch[i - start] = lower(bytes[i]!);
    const key = scratch.toString("latin1", 0, end - start); // a flat string, as parseQuery's
    const entry = this.keys.length;
    const hash = hashWire(bytes, start, end);
    this.keys.push(key);
    this.hashes[entry] = hash;
    let s = hash & this.mask;
    while (this.slots[s] !== 0) s = (s + 1) & this.mask;
    this.slots[s] = entry + 1;
    return key;
  }

  clear(): void {
    this.keys.length = 0;
    this.slots.fill(0);
  }
}

/** ASCII lowercase, as DNS compares names (and as `Query.key` is made); other octets as they are. */
function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

/** FNV-1a over the lowercased octets. */
function hashWire(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ lower(bytes[i]!), 0x01000193);
  return h;
}

function sameName(key: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== lower(bytes[start + i]!)) return false;
  return true;
}
