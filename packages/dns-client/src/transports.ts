import dgram from "node:dgram";
import net from "node:net";
import type { Dns2Message } from "./dns2/types.js";
import { DnsClientError } from "./errors.js";

/** The answer, or why the bytes received are not it. */
type Match = (bytes: Uint8Array) => Dns2Message | string;

/**
 * One datagram out, the first matching datagram back. The socket is connected, so the kernel
 * drops datagrams from any other address or port; ones that do not match are ignored.
 */
export function overUdp(
  family: 4 | 6,
  server: string,
  port: number,
  request: Uint8Array,
  deadline: number,
  match: Match,
): Promise<Dns2Message> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(family === 6 ? "udp6" : "udp4");
    let done = false;
    const finish = (result: Dns2Message | DnsClientError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (result instanceof DnsClientError) reject(result);
      else resolve(result);
    };
    const timer = setTimeout(
      () => finish(new DnsClientError("TIMEOUT", `no answer from ${server} port ${port} over UDP`)),
      Math.max(0, deadline - Date.now()),
    );
    socket.on("error", (e) => finish(new DnsClientError("NETWORK", `UDP to ${server} port ${port}: ${e.message}`, { cause: e })));
    socket.on("message", (bytes) => {
      const answer = match(bytes);
      if (typeof answer !== "string") finish(answer);
    });
    socket.connect(port, server, () => socket.send(request));
  });
}

/** One length-prefixed message out over a new connection, one back (RFC 1035 4.2.2). */
export function overTcp(server: string, port: number, request: Uint8Array, deadline: number, match: Match): Promise<Dns2Message> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server, port });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (result: Dns2Message | DnsClientError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (result instanceof DnsClientError) reject(result);
      else resolve(result);
    };
    const timer = setTimeout(
      () => finish(new DnsClientError("TIMEOUT", `no answer from ${server} port ${port} over TCP`)),
      Math.max(0, deadline - Date.now()),
    );
    socket.on("connect", () => {
      const frame = Buffer.alloc(2 + request.length);
      frame.writeUInt16BE(request.length, 0);
      frame.set(request, 2);
      socket.write(frame);
    });
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
      const answer = match(received.subarray(2, 2 + received.readUInt16BE(0)));
      finish(typeof answer === "string" ? new DnsClientError("BAD_RESPONSE", `TCP answer from ${server} port ${port}: ${answer}`) : answer);
    });
    socket.on("error", (e) => finish(new DnsClientError("NETWORK", `TCP to ${server} port ${port}: ${e.message}`, { cause: e })));
    socket.on("close", () => finish(new DnsClientError("NETWORK", `${server} port ${port} closed the TCP connection before answering`)));
  });
}
