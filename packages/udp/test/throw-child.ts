// onBatch throws: Node gets it as an uncaught exception, and the socket keeps serving.
// Prints one JSON line: the uncaught errors' messages and the replies received.
import { openBatchSocket } from "../src/index.js";
import { client, replies, send } from "./clients.js";

const uncaught: string[] = [];
process.on("uncaughtException", (error) => uncaught.push(error.message));
const socket = openBatchSocket({
  address: "127.0.0.1",
  port: 0,
  onBatch(batch) {
    const text = new TextDecoder().decode(batch.message(0));
    if (text === "boom") throw new Error("boom from onBatch");
    batch.reply(0, batch.message(0));
  },
});
const c = await client(4, "127.0.0.1");
const wait = replies(c, 1);
await send(c, "boom", socket.port, "127.0.0.1");
await new Promise((resolve) => setTimeout(resolve, 100)); // the throwing batch is handled first
await send(c, "ok", socket.port, "127.0.0.1");
const got = await wait;
console.log(JSON.stringify({ uncaught, replies: got.map((r) => r.data) }));
c.close();
socket.close();
