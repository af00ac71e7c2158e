// Test helpers: node:dgram clients that send queries to a batched socket and collect replies.
import dgram from "node:dgram";
import { once } from "node:events";

export interface Reply {
  data: string;
  from: string;
  fromPort: number;
}

export async function client(family: 4 | 6, address: string): Promise<dgram.Socket> {
  const socket = dgram.createSocket(family === 4 ? "udp4" : "udp6");
  socket.bind(0, address);
  await once(socket, "listening");
  return socket;
}

/** Resolves with the first `count` replies, or rejects after `ms` (a missing reply fails the test). */
export function replies(socket: dgram.Socket, count: number, ms = 5000): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const got: Reply[] = [];
    const timer = setTimeout(() => reject(new Error(`got ${got.length} of ${count} replies`)), ms);
    socket.on("message", (msg, rinfo) => {
      got.push({ data: msg.toString(), from: rinfo.address, fromPort: rinfo.port });
      if (got.length === count) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
}

export function send(socket: dgram.Socket, text: string, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => socket.send(text, port, address, (error) => (error ? reject(error) : resolve())));
}
