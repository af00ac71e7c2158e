// A worker thread that opens a batched socket, answers "w:" + the query, and never closes it
// (the test terminates the thread to see the environment cleanup close the socket).
import { parentPort } from "node:worker_threads";
import { openBatchSocket } from "../src/index.js";

const prefix = new TextEncoder().encode("w:");
const socket = openBatchSocket({
  address: "127.0.0.1",
  port: 0,
  onBatch(batch) {
    for (let i = 0; i < batch.count; i++) {
      const at = batch.answerOffset(i);
      batch.bytes.set(prefix, at);
      batch.bytes.copyWithin(at + prefix.length, batch.offset(i), batch.offset(i) + batch.length(i));
      batch.answer(i, prefix.length + batch.length(i));
    }
  },
});
parentPort!.postMessage(socket.port);
