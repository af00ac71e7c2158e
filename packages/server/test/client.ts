import dgram from "node:dgram";
import net from "node:net";

/** Send one UDP datagram and wait for one reply; null when none comes within `waitMs`. */
export function udpExchange(port: number, msg: Uint8Array, waitMs = 1000, address = "127.0.0.1", from?: string): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket(address.includes(":") ? "udp6" : "udp4");
    if (from) s.bind(0, from);
    const timer = setTimeout(() => done(null), waitMs);
    const done = (r: Buffer | null) => {
      clearTimeout(timer);
      s.close();
      resolve(r);
    };
    s.on("message", (m) => done(m));
    s.send(msg, port, address);
  });
}

/** Where a test sends queries. */
export interface Endpoint {
  address: string;
  port: number;
}

export const loopback = (port: number): Endpoint => ({ address: "127.0.0.1", port });

/**
 * Write `chunks` to one TCP connection (each chunk one write) and collect framed replies until
 * `until` holds (a number of replies, or a test of those so far), the connection ends (a reset
 * included), or `waitMs` passes. Resolves with the replies collected; never rejects.
 */
export function tcpExchange(
  to: Endpoint,
  chunks: readonly Uint8Array[],
  until: number | ((replies: Buffer[]) => boolean),
  waitMs = 2000,
): Promise<Buffer[]> {
  const done = typeof until === "number" ? (replies: Buffer[]) => replies.length >= until : until;
  return new Promise((resolve) => {
    const replies: Buffer[] = [];
    let pending = Buffer.alloc(0);
    const socket = net.connect(to.port, to.address, () => {
      for (const c of chunks) socket.write(c);
    });
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(replies);
    };
    const timer = setTimeout(finish, waitMs);
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("data", (d) => {
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        replies.push(pending.subarray(2, 2 + pending.readUInt16BE(0)));
        pending = pending.subarray(2 + pending.readUInt16BE(0));
      }
      if (done(replies)) finish();
    });
  });
}

/** Frame a message for TCP (2-octet length prefix). */
export function frame(msg: Uint8Array): Buffer {
  const out = Buffer.alloc(2 + msg.length);
  out.writeUInt16BE(msg.length, 0);
  out.set(msg, 2);
  return out;
}

/** Milliseconds until the server closes a TCP connection we leave as given (bounded by `maxMs`). */
export function timeUntilClosed(port: number, initial: Uint8Array, maxMs: number): Promise<number> {
  return new Promise((resolve) => {
    const start = Date.now();
    const socket = net.connect(port, "127.0.0.1", () => {
      if (initial.length) socket.write(initial);
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Infinity);
    }, maxMs);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Date.now() - start);
    });
    socket.on("error", () => {});
    socket.on("data", () => {});
  });
}
