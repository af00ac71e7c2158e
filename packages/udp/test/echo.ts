// An echo server over a batched socket that records what each message carried.
import { type Batch, type BatchSocket, type BatchSocketOptions, openBatchSocket } from "../src/index.js";

export interface Seen {
  text: string;
  source: string;
  sourcePort: number;
  local: string;
  family: 4 | 6;
}

export interface Echo {
  socket: BatchSocket;
  seen: Seen[];
  batchSizes: number[];
}

/** Answers every datagram with "re:" + its text, from the address it was sent to. */
export function openEcho(options: Omit<BatchSocketOptions, "onBatch">): Echo {
  const seen: Seen[] = [];
  const batchSizes: number[] = [];
  const prefix = new TextEncoder().encode("re:");
  const socket = openBatchSocket({
    ...options,
    onBatch(batch: Batch) {
      batchSizes.push(batch.count);
      for (let i = 0; i < batch.count; i++) {
        const message = batch.message(i);
        seen.push({
          text: new TextDecoder().decode(message),
          source: batch.sourceAddress(i),
          sourcePort: batch.sourcePort(i),
          local: batch.localAddress(i),
          family: batch.family(i),
        });
        const at = batch.answerOffset(i);
        batch.bytes.set(prefix, at);
        batch.bytes.set(message, at + prefix.length);
        batch.answer(i, prefix.length + message.length);
      }
    },
  });
  return { socket, seen, batchSizes };
}
