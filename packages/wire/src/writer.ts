import { WireError } from "./errors.js";
import { labelToBytes, type Name, nameLabels } from "./name.js";

/**
 * Appends DNS wire data to a growable buffer, with RFC 1035 4.1.4 name compression.
 * Compression targets are keyed by canonical suffix, so any case of a name matches.
 */
export class MessageWriter {
  buf: Buffer;
  pos = 0;
  private readonly targets = new Map<Name, number>();

  constructor(initialSize = 512) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos + n > 65535) throw new WireError("NO_SPACE", "message would exceed 65535 octets");
    const next = Buffer.allocUnsafe(Math.min(65535, Math.max(this.buf.length * 2, this.pos + n)));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Reserve a 16-bit slot (e.g. RDLENGTH) and return its offset for `patch16`. */
  reserve16(): number {
    this.u16(0);
    return this.pos - 2;
  }

  patch16(offset: number, v: number): void {
    this.buf.writeUInt16BE(v & 0xffff, offset);
  }

  /** Remember where a name already in the buffer starts, so later names can point at it. */
  addCompressionTarget(name: Name, offset: number): void {
    const labels = nameLabels(name);
    let at = offset;
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join(".") + ".";
      if (at < 0x4000 && !this.targets.has(suffix)) this.targets.set(suffix, at);
      at += labelToBytes(labels[i]!).length + 1;
    }
  }

  /** Write a name; `compress` false for rdata names that RFC 3597 forbids compressing. */
  name(name: Name, compress = true): void {
    const labels = nameLabels(name);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join(".") + ".";
      if (compress) {
        const target = this.targets.get(suffix);
        if (target !== undefined) {
          this.u16(0xc000 | target);
          return;
        }
      }
      if (this.pos < 0x4000 && !this.targets.has(suffix)) this.targets.set(suffix, this.pos);
      const b = labelToBytes(labels[i]!);
      this.u8(b.length);
      for (const x of b) this.u8(x);
    }
    this.u8(0);
  }

  /** The bytes written so far (a view, not a copy). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Drop everything after `offset` (used when a section does not fit and must be cut). */
  truncate(offset: number): void {
    this.pos = offset;
    for (const [k, v] of this.targets) if (v >= offset) this.targets.delete(k);
  }
}
