import { WireError } from "./errors.js";
import { type Name, nameFromLabelBytes } from "./name.js";

/** Most compression pointers followed for one name; a legal name needs at most 127. */
const MAX_POINTER_HOPS = 128;

/** Bounds-checked reader over a DNS message; every read past the end throws TRUNCATED. */
export class MessageReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    offset = 0,
    readonly end = buf.length,
  ) {
    // A window past the buffer (an RDLENGTH running past the message) would read undefined
    // octets as labels forever: refuse it here, once, for every reader.
    if (end > buf.length || offset > end)
      throw new WireError("TRUNCATED", `reader window ${offset}..${end} outside the ${buf.length}-octet message`);
    this.pos = offset;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new WireError("TRUNCATED", `need ${n} octets at ${this.pos}, message ends at ${this.end}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  u16(): number {
    this.need(2);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const b = this.buf;
    const v = ((b[this.pos]! << 24) | (b[this.pos + 1]! << 16) | (b[this.pos + 2]! << 8) | b[this.pos + 3]!) >>> 0;
    this.pos += 4;
    return v;
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  remaining(): number {
    return this.end - this.pos;
  }

  /**
   * Read a possibly compressed name. Pointers must point strictly backwards (so no loops)
   * and the hop count is capped: dns2 has neither guard (see README).
   */
  name(): Name {
    const labels: number[][] = [];
    let at = this.pos;
    let resume = -1;
    let hops = 0;
    let octets = 1;
    for (;;) {
      if (at >= this.end) throw new WireError("TRUNCATED", "name runs past the end of the message");
      const len = this.buf[at]!;
      if (len === 0) {
        at += 1;
        break;
      }
      const kind = len & 0xc0;
      if (kind === 0xc0) {
        if (at + 1 >= this.end) throw new WireError("TRUNCATED", "compression pointer cut off");
        const target = ((len & 0x3f) << 8) | this.buf[at + 1]!;
        if (target >= at) throw new WireError("BAD_POINTER", `compression pointer at ${at} does not point backwards`);
        if (++hops > MAX_POINTER_HOPS) throw new WireError("BAD_POINTER", "too many compression pointers");
        if (resume < 0) resume = at + 2;
        at = target;
        continue;
      }
      if (kind !== 0) throw new WireError("BAD_LABEL", `reserved label type 0x${kind.toString(16)}`);
      if (at + 1 + len > this.end) throw new WireError("TRUNCATED", "label runs past the end of the message");
      octets += len + 1;
      if (octets > 255) throw new WireError("NAME_TOO_LONG", "name longer than 255 octets");
      labels.push(Array.from(this.buf.subarray(at + 1, at + 1 + len)));
      at += 1 + len;
    }
    this.pos = resume >= 0 ? resume : at;
    return nameFromLabelBytes(labels);
  }
}
