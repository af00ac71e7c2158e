import net from "node:net";
import type { ServerSettings } from "./core/settings.js";
import type { Responder } from "./core/responder.js";

/**
 * DNS over TCP per RFC 7766: 2-octet length framing, pipelined queries answered as they
 * arrive, an idle timeout, a per-message timeout for half-sent messages, and a connection cap.
 */
export async function listenTcp(address: string, port: number, respond: Responder, settings: () => ServerSettings): Promise<net.Server> {
  const family = net.isIPv6(address) ? 6 : 4;
  const server = net.createServer({ noDelay: true });
  let open = 0;
  server.on("connection", (socket) => {
    const tcp = settings().tcp;
    if (open >= tcp.maxConnections) {
      socket.destroy();
      return;
    }
    open++;
    socket.once("close", () => open--);
    serveConnection(socket, family, respond, tcp);
  });
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: address, port, ipv6Only: family === 6 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

function serveConnection(socket: net.Socket, family: 4 | 6, respond: Responder, tcp: ServerSettings["tcp"]): void {
  const remote = { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0, family };
  let pending = Buffer.alloc(0);
  let messageTimer: NodeJS.Timeout | undefined;
  socket.setTimeout(tcp.idleTimeoutMs, () => socket.destroy());
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 2) {
      const len = pending.readUInt16BE(0);
      if (pending.length < 2 + len) break;
      const msg = pending.subarray(2, 2 + len);
      pending = pending.subarray(2 + len);
      const out = respond(msg, "tcp", remote);
      if (out) {
        const frame = Buffer.allocUnsafe(2 + out.length);
        frame.writeUInt16BE(out.length, 0);
        out.copy(frame, 2);
        socket.write(frame);
      }
    }
    clearTimeout(messageTimer);
    messageTimer = undefined;
    // A message that has started must complete soon (slowloris guard); idle is timed separately.
    if (pending.length > 0) messageTimer = setTimeout(() => socket.destroy(), tcp.messageTimeoutMs);
  });
  socket.on("close", () => clearTimeout(messageTimer));
}
