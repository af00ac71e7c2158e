// The addon's ceiling: node-ceiling.ts's fixed answer (the query turned into a response plus one
// A record) served through @dnsteer/udp: one recvmmsg and one JS call per batch, the answers
// written into the shared buffer (no allocation), one sendmmsg per batch.
// Usage: addon-ceiling.ts PORT [BATCH]
import { type Batch, openBatchSocket } from "@dnsteer/udp";

const port = Number(process.argv[2]);
const batchSize = Number(process.argv[3] ?? 64);
// Answer RR: pointer to the question name (offset 12), A IN, TTL 300, 192.0.2.80.
const answer = new Uint8Array([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x01, 0x2c, 0, 4, 192, 0, 2, 80]);

function onBatch(batch: Batch): void {
  const bytes = batch.bytes;
  for (let i = 0; i < batch.count; i++) {
    const length = batch.length(i);
    if (length < 12 || length + answer.length > 4096) continue;
    const from = batch.offset(i);
    const at = batch.answerOffset(i);
    bytes.copyWithin(at, from, from + length);
    bytes.set(answer, at + length);
    bytes[at + 2] = 0x84 | (bytes[from + 2]! & 0x01); // QR, AA, RD echoed
    bytes[at + 3] = 0;
    bytes[at + 6] = 0;
    bytes[at + 7] = 1; // ANCOUNT
    batch.answer(i, length + answer.length);
  }
}

const socket = openBatchSocket({ address: "127.0.0.1", port, batch: batchSize, bufferSize: 4096, onBatch });
console.log(`addon ceiling on :${socket.port}`);
process.once("SIGTERM", () => {
  console.log(JSON.stringify(socket.stats()));
  socket.close();
  process.exit(0);
});
