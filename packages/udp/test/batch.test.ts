// The Batch view over a shared buffer laid out as the addon lays it out, without a socket.
import { describe, expect, it } from "vitest";
import { Batch } from "../src/batch.js";
import { B_LOCAL, B_PEER, C_TX_COUNT, META_WORDS, W_FAMILY, W_IFINDEX, W_LENGTH, W_OFFSET, W_PORT } from "../src/layout.js";

const batchSize = 4;
const bufferSize = 512;
const layout = {
  batch: batchSize,
  bufferSize,
  txData: batchSize * bufferSize,
  rxMeta: 2 * batchSize * bufferSize,
  txMeta: 2 * batchSize * bufferSize + batchSize * 64,
  control: 2 * batchSize * bufferSize + 2 * batchSize * 64,
};

function received(): { batch: Batch; words: Uint32Array; bytes: Uint8Array } {
  const buffer = new ArrayBuffer(layout.control + 64);
  const words = new Uint32Array(buffer);
  const bytes = new Uint8Array(buffer);
  // message 1: 5 octets in rx slot 1, from [2001:db8::7]:5353 to [2001:db8::53] on interface 3
  const entry = layout.rxMeta / 4 + META_WORDS;
  words[entry + W_OFFSET] = bufferSize;
  words[entry + W_LENGTH] = 5;
  words[entry + W_PORT] = 5353;
  words[entry + W_FAMILY] = 6;
  words[entry + W_IFINDEX] = 3;
  bytes.set([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7], entry * 4 + B_PEER);
  bytes.set([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53], entry * 4 + B_LOCAL);
  bytes.set([1, 2, 3, 4, 5], bufferSize);
  const batch = new Batch(buffer, layout);
  batch.count = 2;
  return { batch, words, bytes };
}

describe("Batch", () => {
  it("reads a message's bytes, source, port, family, interface and local address", () => {
    const { batch } = received();
    expect([...batch.message(1)]).toEqual([1, 2, 3, 4, 5]);
    expect([batch.offset(1), batch.length(1), batch.sourcePort(1), batch.family(1), batch.interfaceIndex(1)]).toEqual([
      bufferSize,
      5,
      5353,
      6,
      3,
    ]);
    expect(batch.sourceAddress(1)).toBe("2001:db8::7");
    expect(batch.localAddress(1)).toBe("2001:db8::53");
  });

  it("an answer's tx entry is the query's, with the answer's offset and length, and counts in the control word", () => {
    const { batch, words, bytes } = received();
    batch.reply(1, new Uint8Array([9, 8, 7]));
    const tx = layout.txMeta / 4;
    const rx = layout.rxMeta / 4 + META_WORDS;
    expect(words[layout.control / 4 + C_TX_COUNT]).toBe(1);
    expect([words[tx + W_OFFSET], words[tx + W_LENGTH]]).toEqual([layout.txData + bufferSize, 3]);
    expect([...words.subarray(tx + W_PORT, tx + META_WORDS)]).toEqual([...words.subarray(rx + W_PORT, rx + META_WORDS)]);
    expect([...bytes.subarray(batch.answerOffset(1), batch.answerOffset(1) + 3)]).toEqual([9, 8, 7]);
  });
});
