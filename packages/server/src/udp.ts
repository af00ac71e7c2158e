import dgram from "node:dgram";
import { isIPv6 } from "node:net";
import type { Responder } from "./core/responder.js";

/**
 * One UDP socket per listen address: node:dgram cannot choose a reply's source address, so
 * binding each served address separately makes every answer leave from the address the query
 * was sent to (a resolver drops answers from another address).
 */
export async function listenUdp(address: string, port: number, respond: Responder, receiveBufferBytes: number): Promise<dgram.Socket> {
  const family = isIPv6(address) ? 6 : 4;
  // A large receive buffer holds the queries that arrive while this thread is busy (a GC pause,
  // a reload's rebuild): they are answered late instead of dropped by the kernel. Linux caps it
  // at net.core.rmem_max.
  const socket = dgram.createSocket({ type: family === 6 ? "udp6" : "udp4", ipv6Only: family === 6, recvBufferSize: receiveBufferBytes });
  socket.on("message", (msg, rinfo) => {
    const out = respond(msg, "udp", { address: rinfo.address, port: rinfo.port, family });
    if (out) socket.send(out, rinfo.port, rinfo.address);
  });
  // A send to an unreachable client surfaces here; it must never take the server down.
  socket.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, address, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  return socket;
}
