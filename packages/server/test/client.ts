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

/** Write `chunks` to one TCP connection (each chunk one write) and collect `expect` framed replies. */
export function tcpExchange(port: number, chunks: Uint8Array[], expect: number, waitMs = 2000): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const replies: Buffer[] = [];
    let pending = Buffer.alloc(0);
    const socket = net.connect(port, "127.0.0.1", () => {
      for (const c of chunks) socket.write(c);
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(replies);
    }, waitMs);
    socket.on("data", (d) => {
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        replies.push(pending.subarray(2, 2 + pending.readUInt16BE(0)));
        pending = pending.subarray(2 + pending.readUInt16BE(0));
      }
      if (replies.length >= expect) {
        clearTimeout(timer);
        socket.destroy();
        resolve(replies);
      }
    });
    socket.on("error", reject);
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
