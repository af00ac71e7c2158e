import dgram from "node:dgram";
import { isIPv6 } from "node:net";
import type { Responder } from "../core/responder.js";
import type { UdpListener, UdpListenerStats } from "./listener.js";

/**
 * node:dgram, the fallback: one socket per listen address, because dgram cannot choose a reply's
 * source address; binding each served address separately makes every answer leave from the
 * address the query was sent to (a resolver drops answers from another address). A wildcard
 * listen address here answers from whatever address the kernel's route picks.
 */
class DgramListener implements UdpListener {
  readonly kind = "dgram";
  received = 0;
  answered = 0;
  sendErrors = 0;

  constructor(
    readonly socket: dgram.Socket,
    private readonly respond: Responder,
    private readonly family: 4 | 6,
  ) {}

  /** The 'message' listener: a method bound once at start, not a closure per packet. */
  readonly onMessage = (msg: Buffer, rinfo: dgram.RemoteInfo): void => {
    this.received++;
    const out = this.respond(msg, "udp", { address: rinfo.address, port: rinfo.port, family: this.family });
    if (!out) return;
    this.socket.send(out, rinfo.port, rinfo.address);
    this.answered++;
  };

  get address(): string {
    return this.socket.address().address;
  }
  get port(): number {
    return this.socket.address().port;
  }
  stats(): UdpListenerStats {
    return { received: this.received, answered: this.answered, dropped: 0, sendErrors: this.sendErrors, fastLane: 0 };
  }
  close(): void {
    this.socket.close();
  }
}

export async function listenDgram(address: string, port: number, respond: Responder, receiveBufferBytes: number): Promise<UdpListener> {
  const family = isIPv6(address) ? 6 : 4;
  // A large receive buffer holds the queries that arrive while this thread is busy (a GC pause,
  // a reload's rebuild): they are answered late instead of dropped by the kernel. Linux caps it
  // at net.core.rmem_max.
  const socket = dgram.createSocket({ type: family === 6 ? "udp6" : "udp4", ipv6Only: family === 6, recvBufferSize: receiveBufferBytes });
  const listener = new DgramListener(socket, respond, family);
  socket.on("message", listener.onMessage);
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, address, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  // A send to an unreachable client surfaces here; it must never take the server down.
  socket.on("error", () => {
    listener.sendErrors++;
  });
  return listener;
}
