import { formatIPv4, formatIPv6 } from "@dnsteer/net";
import { UdpError } from "./errors.js";
import { B_LOCAL, B_PEER, C_TX_COUNT, META_WORDS, W_FAMILY, W_IFINDEX, W_LENGTH, W_OFFSET, W_PORT } from "./layout.js";

/** Where the regions sit in the shared buffer (from the addon, fixed for the socket's life). */
export interface BatchLayout {
  rxMeta: number;
  txMeta: number;
  txData: number;
  control: number;
  batch: number;
  bufferSize: number;
}

/**
 * One batch of received datagrams, as views over the socket's shared buffer. The same object is
 * handed to every onBatch call of a socket and its contents are valid only during that call: the
 * next recvmmsg overwrites them. Accessors take the message index; none allocates except the
 * text helpers (sourceAddress, localAddress), which are for logs and tests.
 */
export class Batch {
  /** Messages in this batch. */
  count = 0;
  /** The whole shared buffer: datagrams sit at offset(i), answers are written at answerOffset(i). */
  readonly bytes: Uint8Array;
  private readonly words: Uint32Array;
  private readonly rxWord: number;
  private readonly txWord: number;
  private readonly controlWord: number;
  private readonly rxMetaByte: number;

  constructor(
    buffer: ArrayBuffer,
    private readonly layout: BatchLayout,
  ) {
    this.bytes = new Uint8Array(buffer);
    this.words = new Uint32Array(buffer);
    this.rxWord = layout.rxMeta / 4;
    this.txWord = layout.txMeta / 4;
    this.controlWord = layout.control / 4;
    this.rxMetaByte = layout.rxMeta;
  }

  /** Byte offset of message i in `bytes`. */
  offset(i: number): number {
    return this.words[this.rxWord + i * META_WORDS + W_OFFSET]!;
  }
  length(i: number): number {
    return this.words[this.rxWord + i * META_WORDS + W_LENGTH]!;
  }
  /** The querier's port. */
  sourcePort(i: number): number {
    return this.words[this.rxWord + i * META_WORDS + W_PORT]!;
  }
  family(i: number): 4 | 6 {
    return this.words[this.rxWord + i * META_WORDS + W_FAMILY] === 6 ? 6 : 4;
  }
  /** The interface index the query arrived on. */
  interfaceIndex(i: number): number {
    return this.words[this.rxWord + i * META_WORDS + W_IFINDEX]!;
  }
  /** Byte offset in `bytes` of the querier's address (4 or 16 octets, by family). */
  sourceAddressOffset(i: number): number {
    return this.rxMetaByte + i * META_WORDS * 4 + B_PEER;
  }
  /** Byte offset in `bytes` of the local address the query was sent to (4 or 16 octets). */
  localAddressOffset(i: number): number {
    return this.rxMetaByte + i * META_WORDS * 4 + B_LOCAL;
  }
  /** Message i as a view (allocates the view object). */
  message(i: number): Uint8Array {
    const offset = this.offset(i);
    return this.bytes.subarray(offset, offset + this.length(i));
  }
  sourceAddress(i: number): string {
    return this.addressText(this.sourceAddressOffset(i), this.family(i));
  }
  localAddress(i: number): string {
    return this.addressText(this.localAddressOffset(i), this.family(i));
  }

  /** Byte offset in `bytes` where the answer to message i may be written (up to bufferSize octets). */
  answerOffset(i: number): number {
    return this.layout.txData + i * this.layout.bufferSize;
  }

  /**
   * Sends the `length` octets written at answerOffset(i) to message i's source, from the local
   * address message i arrived on. Answers go out together (one sendmmsg) when onBatch returns.
   */
  answer(i: number, length: number): void {
    if (!(i >= 0 && i < this.count)) throw new UdpError("NO_SUCH_MESSAGE", `message ${i} is not in this batch of ${this.count}`);
    if (length > this.layout.bufferSize) {
      throw new UdpError("ANSWER_TOO_LARGE", `answer of ${length} octets > bufferSize ${this.layout.bufferSize}`);
    }
    const words = this.words;
    const n = words[this.controlWord + C_TX_COUNT]!;
    if (n >= this.layout.batch) throw new UdpError("TOO_MANY_ANSWERS", `more than ${this.layout.batch} answers in one batch`);
    const to = this.txWord + n * META_WORDS;
    const from = this.rxWord + i * META_WORDS;
    words.copyWithin(to + W_PORT, from + W_PORT, from + META_WORDS);
    words[to + W_OFFSET] = this.answerOffset(i);
    words[to + W_LENGTH] = length;
    words[this.controlWord + C_TX_COUNT] = n + 1;
  }

  /** Copies `data` to answerOffset(i) and answers message i with it. */
  reply(i: number, data: Uint8Array): void {
    if (data.length > this.layout.bufferSize) {
      throw new UdpError("ANSWER_TOO_LARGE", `answer of ${data.length} octets > bufferSize ${this.layout.bufferSize}`);
    }
    this.bytes.set(data, this.answerOffset(i));
    this.answer(i, data.length);
  }

  private addressText(offset: number, family: 4 | 6): string {
    return family === 4 ? formatIPv4(this.bytes, offset) : formatIPv6(this.bytes, offset);
  }
}
