import { createSocket, type Socket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DnsProber, isLoss, ProbeError } from "../src/index.js";

const loopback = { name: "lo", sourceV4: "127.0.0.1", sourceV6: "::1" };

/**
 * A resolver stand-in on UDP: `answer` turns a query into the reply bytes (or null: stay silent).
 * Records the source address and port each query came from.
 */
async function resolver(host: string, answer: (q: Buffer) => Buffer | null): Promise<{ port: number; from: string[]; close: () => void }> {
  const socket: Socket = createSocket(host.includes(":") ? "udp6" : "udp4");
  const from: string[] = [];
  socket.on("message", (q, r) => {
    from.push(r.address);
    const reply = answer(q);
    if (reply) socket.send(reply, r.port, r.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  return { port: socket.address().port, from, close: () => socket.close() };
}

/** The query sent back as a response with `rcode` (QR set, RD copied, no records). */
const reply = (rcode: number) => (q: Buffer) => {
  const r = Buffer.from(q);
  r[2] = 0x80 | (q[2]! & 0x01);
  r[3] = rcode;
  return r;
};

let refusing: Awaited<ReturnType<typeof resolver>>;
let silent: Awaited<ReturnType<typeof resolver>>;
let wrongId: Awaited<ReturnType<typeof resolver>>;
let v6: Awaited<ReturnType<typeof resolver>>;
const queries: Buffer[] = [];
beforeAll(async () => {
  refusing = await resolver("127.0.0.1", (q) => {
    queries.push(q);
    return reply(5)(q);
  });
  silent = await resolver("127.0.0.1", () => null);
  wrongId = await resolver("127.0.0.1", (q) => {
    const r = reply(0)(q);
    r.writeUInt16BE((q.readUInt16BE(0) + 1) & 0xffff, 0);
    return r;
  });
  v6 = await resolver("::1", reply(0));
});
afterAll(() => {
  for (const r of [refusing, silent, wrongId, v6]) r.close();
});

describe("DnsProber (real UDP sockets on loopback)", () => {
  it("a REFUSED reply is a reply with an RTT, from the provider's source; the query is '. NS' without RD", async () => {
    const prober = new DnsProber({ timeoutMs: 1000 });
    try {
      const r = await prober.probe({ address: "127.0.0.1", port: refusing.port }, loopback);
      expect(isLoss(r)).toBe(false);
      if (!isLoss(r)) expect(r.rttUs).toBeGreaterThan(0);
      expect(refusing.from).toEqual(["127.0.0.1"]);
      const q = queries[0]!;
      expect(q.readUInt16BE(4)).toBe(1); // one question
      expect(q[2]! & 0x01).toBe(0); // RD off
      expect([...q.subarray(12)]).toEqual([0, 0, 2, 0, 1]); // root, NS, IN
    } finally {
      prober.close();
    }
  });

  it("IPv6 from sourceV6", async () => {
    const prober = new DnsProber({ timeoutMs: 1000 });
    try {
      expect(isLoss(await prober.probe({ address: "::1", port: v6.port }, loopback))).toBe(false);
      expect(v6.from).toEqual(["::1"]);
    } finally {
      prober.close();
    }
  });

  it("no reply, or a reply with another ID, is a timeout loss", async () => {
    const prober = new DnsProber({ timeoutMs: 200 });
    try {
      expect(await prober.probe({ address: "127.0.0.1", port: silent.port }, loopback)).toEqual({ lost: true, reason: "timeout" });
      expect(await prober.probe({ address: "127.0.0.1", port: wrongId.port }, loopback)).toEqual({ lost: true, reason: "timeout" });
      expect(prober.inFlight).toBe(0);
    } finally {
      prober.close();
    }
  });

  it("a configured name is asked; many probes at once each get their own reply", async () => {
    const prober = new DnsProber({ timeoutMs: 1000, qname: "example.test.", qtype: 6 });
    try {
      queries.length = 0;
      const results = await Promise.all(
        Array.from({ length: 20 }, () => prober.probe({ address: "127.0.0.1", port: refusing.port }, loopback)),
      );
      expect(results.filter(isLoss)).toEqual([]);
      expect(new Set(queries.map((q) => q.readUInt16BE(0))).size).toBe(20);
      expect(queries[0]!.subarray(12, 26).toString("latin1")).toBe("\x07example\x04test\x00");
    } finally {
      prober.close();
    }
  });

  it("refuses a source that is not an address here, and a provider with no source of the family", async () => {
    const prober = new DnsProber({ timeoutMs: 200 });
    try {
      await expect(
        prober.probe({ address: "127.0.0.1", port: refusing.port }, { name: "x", sourceV4: "192.0.2.99" }),
      ).rejects.toMatchObject({
        code: "SOURCE_NOT_LOCAL",
      });
      await expect(prober.probe({ address: "::1" }, { name: "x", sourceV4: "127.0.0.1" })).rejects.toBeInstanceOf(ProbeError);
    } finally {
      prober.close();
    }
  });

  it("close() ends the probes under way as lost (closed)", async () => {
    const prober = new DnsProber({ timeoutMs: 5000 });
    const p = prober.probe({ address: "127.0.0.1", port: silent.port }, loopback);
    await new Promise((r) => setTimeout(r, 50));
    prober.close();
    expect(await p).toEqual({ lost: true, reason: "closed" });
  });
});
