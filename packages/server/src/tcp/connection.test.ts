import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { replyWithFollowing } from "../core/message-stream.js";
import type { Responder } from "../core/responder.js";
import { TcpConnection } from "./connection.js";

/**
 * A zone transfer's following messages respect the connection's unsent-bytes bound (real
 * sockets on loopback): to a client that does not read, the server writes while its unsent
 * bytes stay under `maxUnsentBytes` and no further; when the client reads again, the rest
 * follows, every message in order.
 */
const MAX_UNSENT = 64 * 1024;
const MESSAGES = 1000;
const SIZE = 60_000; // 60 MB in all: far more than loopback's socket buffers hold

const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

function transfer(): Buffer[] {
  return Array.from({ length: MESSAGES }, (_, i) => {
    const m = Buffer.alloc(SIZE, i & 0xff);
    m.writeUInt32BE(i, 0);
    return m;
  });
}

describe("TcpConnection: a transfer to a client that does not read", () => {
  it("stays within maxUnsentBytes, then sends the rest in order once the client reads", async () => {
    const messages = transfer();
    const respond: Responder = () => replyWithFollowing(messages[0]!, messages.slice(1));
    let serverSide: net.Socket | undefined;
    const server = net.createServer((socket) => {
      serverSide = socket;
      const peer = { address: socket.remoteAddress!, port: socket.remotePort!, family: 4 as const };
      const conn = new TcpConnection(socket, "test", peer, respond, { maxUnsentBytes: MAX_UNSENT, maxQueriesInFlight: 64 }, Date.now());
      socket.on("data", (chunk) => conn.receive(chunk));
      socket.on("error", () => {});
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => server.close());
    const client = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
    closers.push(() => client.destroy());
    await new Promise<void>((r) => client.once("connect", r));
    client.pause(); // never reads until told
    client.write(Buffer.from([0, 12, ...Array<number>(12).fill(0)])); // any message: the responder answers the transfer

    // While the client does not read: the server's unsent bytes never pass the bound by more than one message.
    let most = 0;
    for (let i = 0; i < 75; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if (serverSide) most = Math.max(most, serverSide.writableLength);
    }
    expect(serverSide).toBeDefined();
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(MAX_UNSENT + 2 + SIZE);
    expect(serverSide!.bytesWritten).toBeLessThan(MESSAGES * SIZE);

    // The client reads: every message arrives, whole and in order.
    let buf = Buffer.alloc(0);
    const got: number[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on("data", (d) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const len = buf.readUInt16BE(0);
          if (len !== SIZE) reject(new Error(`frame of ${len} octets`));
          got.push(buf.readUInt32BE(2));
          buf = buf.subarray(2 + len);
        }
        if (got.length === MESSAGES) resolve();
      });
      client.resume();
    });
    expect(got).toEqual(messages.map((_, i) => i));
  }, 60_000);
});
