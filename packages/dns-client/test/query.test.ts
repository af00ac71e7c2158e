import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { DnsClientError, decodeWithDns2, dns2ResponseTo, encodeWithDns2, query } from "../src/index.js";

// Real sockets on loopback: small servers that answer with the same dns2 codec, in the ways
// the client has to cope with (plain, truncated, wrong ID first, silent).

const A = 1;
const closers: Array<() => void> = [];
afterEach(() => {
  while (closers.length) closers.pop()!();
});

type Answer = (request: Buffer, transport: "udp" | "tcp") => Buffer[];

/** The answer to `request` with one A record; `tc` sets the truncation bit and leaves the answer out. */
function answer(request: Buffer, address: string, tc = false, id?: number): Buffer {
  const response = dns2ResponseTo(decodeWithDns2(request));
  if (id !== undefined) response.header.id = id;
  if (tc) response.header.tc = 1;
  else response.answers.push({ name: "www.example.test", type: A, class: 1, ttl: 60, address } as never);
  return encodeWithDns2(response);
}

async function udpServer(reply: Answer): Promise<number> {
  const socket = dgram.createSocket("udp4");
  socket.on("message", (msg, rinfo) => {
    for (const out of reply(msg, "udp")) socket.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  closers.push(() => socket.close());
  return (socket.address() as AddressInfo).port;
}

/** A TCP server on the same port number as the UDP one, as a DNS server has. */
async function tcpServer(port: number, reply: Answer): Promise<string[]> {
  const seen: string[] = [];
  const server = net.createServer((conn) => {
    seen.push("connection");
    conn.once("data", (chunk) => {
      const request = chunk.subarray(2, 2 + chunk.readUInt16BE(0));
      for (const out of reply(request, "tcp")) conn.write(Buffer.concat([Buffer.from([out.length >> 8, out.length & 0xff]), out]));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return seen;
}

describe("query", () => {
  it("asks over UDP with EDNS and returns the decoded answer", async () => {
    let asked: ReturnType<typeof decodeWithDns2> | undefined;
    const port = await udpServer((req) => {
      asked = decodeWithDns2(req);
      return [answer(req, "192.0.2.1")];
    });
    const { message, transport } = await query("127.0.0.1", port, { name: "www.example.test", type: A });
    expect(transport).toBe("udp");
    expect(message.answers.map((r) => r.address)).toEqual(["192.0.2.1"]);
    expect(asked!.header.rd).toBe(0);
    expect(asked!.edns).toMatchObject({ udpSize: 1232 });
    expect(asked!.questions[0]).toMatchObject({ name: "www.example.test", type: A, class: 1 });
  });

  it("asks again over TCP when the UDP answer is truncated", async () => {
    const port = await udpServer((req) => [answer(req, "", true)]);
    const tcp = await tcpServer(port, (req) => [answer(req, "192.0.2.2")]);
    const { message, transport } = await query("127.0.0.1", port, { name: "www.example.test.", type: A });
    expect(transport).toBe("tcp");
    expect(tcp).toEqual(["connection"]);
    expect(message.header.tc).toBe(0);
    expect(message.answers.map((r) => r.address)).toEqual(["192.0.2.2"]);
  });

  it("ignores a UDP answer with another ID or garbage, and takes the matching one", async () => {
    const port = await udpServer((req) => [
      Buffer.from("junk"),
      answer(req, "198.51.100.1", false, (req.readUInt16BE(0) + 1) & 0xffff),
      answer(req, "192.0.2.3"),
    ]);
    const { message } = await query("127.0.0.1", port, { name: "www.example.test", type: A });
    expect(message.answers.map((r) => r.address)).toEqual(["192.0.2.3"]);
  });

  it("gives up with TIMEOUT when nothing matching comes back", async () => {
    const port = await udpServer((req) => [answer(req, "198.51.100.1", false, (req.readUInt16BE(0) + 1) & 0xffff)]);
    await expect(query("127.0.0.1", port, { name: "www.example.test", type: A }, { timeoutMs: 300 })).rejects.toMatchObject({
      name: "DnsClientError",
      code: "TIMEOUT",
    });
  });

  it("rejects a TCP answer to another question with BAD_RESPONSE", async () => {
    const port = await udpServer((req) => [answer(req, "", true)]);
    await tcpServer(port, (req) => [answer(req, "192.0.2.9", false, (req.readUInt16BE(0) + 1) & 0xffff)]);
    await expect(query("127.0.0.1", port, { name: "www.example.test", type: A })).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });

  it("refuses a server that is not an IP address", async () => {
    await expect(query("ns1.example.test", 53, { name: "www.example.test", type: A })).rejects.toBeInstanceOf(DnsClientError);
  });
});
