// Runs inside a network namespace the test made (ip netns exec): the cases that need addresses
// or links of their own. Prints one JSON line. Usage: netns-child.ts v6-sources | eagain
import { openBatchSocket } from "../src/index.js";
import { client, replies, send } from "./clients.js";
import { openEcho } from "./echo.js";

async function v6Sources(): Promise<unknown> {
  const echo = openEcho({ family: 6, port: 0 });
  const c = await client(6, "::1");
  const targets = ["::1", "2001:db8::53", "2001:db8::54"];
  const wait = replies(c, targets.length);
  for (const target of targets) await send(c, target, echo.socket.port, target);
  const got = await wait;
  c.close();
  echo.socket.close();
  return { replies: got, seen: echo.seen };
}

// 300 datagrams of 1000 octets through a 10 Mbit/s tbf with a small send buffer: sendmmsg meets
// EAGAIN, the rest wait in a 200-answer queue (the excess is dropped), writability drains it.
async function eagain(): Promise<unknown> {
  const s = openBatchSocket({ address: "192.0.2.1", port: 0, sendBufferSize: 4096, sendQueueLimit: 200, onBatch() {} });
  const payload = new Uint8Array(1000);
  for (let i = 0; i < 300; i++) s.sendTo(payload, 9, "192.0.2.2");
  const during = s.stats();
  const deadline = Date.now() + 15_000;
  while (s.stats().queueLength > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const after = s.stats();
  s.close();
  return { during, after };
}

const mode = process.argv[2];
const result = mode === "v6-sources" ? await v6Sources() : mode === "eagain" ? await eagain() : { error: `unknown mode ${mode}` };
console.log(JSON.stringify(result));
