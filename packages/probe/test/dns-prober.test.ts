import { spawn } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DnsProber, isLoss, ProbeError } from "../src/index.js";

const fixture = fileURLToPath(new URL("./fixtures/probe-paths.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
/** The suite's fallback run (DNSTEER_PROBE_ADDON=off) has no addon socket to look at. */
const addonOff = process.env.DNSTEER_PROBE_ADDON === "off";

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

/** Probes 127.0.0.1:port `count` times from a child process with the addon on or off (fixtures/probe-paths.ts). */
async function probeInChild(port: number, addon: "on" | "off", count: number) {
  const job = { kind: "dns", count, gapMs: 5, paths: [{ address: "127.0.0.1", port, source: loopback }] };
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", fixture, JSON.stringify(job)], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DNSTEER_PROBE_ADDON: addon === "off" ? "off" : "" },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await new Promise((r) => child.once("exit", r));
  if (code !== 0) throw new Error(`probe-paths exited ${code}: ${err}`);
  const result = JSON.parse(out) as {
    timestamps: { kernel: boolean; reason?: string };
    stats: { received: number; kernelStamped: number };
    rtts: (number | null)[][];
  };
  return { ...result, stderr: err };
}

const reply = (rcode: number) => (q: Buffer) => {
  const r = Buffer.from(q);
  r[2] = 0x80 | (q[2]! & 0x01);
  r[3] = rcode;
  return r;
};

/** The query sent back as a response with `rcode` (QR set, RD copied, no records). */
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

  it.skipIf(addonOff)("on the addon's socket every reply carries the kernel's receive time; a device binds it", async () => {
    const prober = new DnsProber({ timeoutMs: 1000 });
    try {
      for (let i = 0; i < 5; i++) {
        const r = await prober.probe({ address: "127.0.0.1", port: refusing.port }, loopback);
        expect(isLoss(r)).toBe(false);
        // Loopback: the kernel's stamp minus the C send stamp is tens of µs, never negative.
        if (!isLoss(r)) expect(r.rttUs).toBeGreaterThan(0);
      }
      expect(prober.receiveStats).toEqual({ received: 5, kernelStamped: 5 });
      // Bound to "lo" (SO_BINDTODEVICE; the test runs with CAP_NET_RAW as the raw probes' do).
      const viaLo = await prober.probe({ address: "::1", port: v6.port }, { ...loopback, device: "lo" });
      expect(isLoss(viaLo)).toBe(false);
      await expect(
        prober.probe({ address: "127.0.0.1", port: refusing.port }, { ...loopback, device: "nosuchdev0" }),
      ).rejects.toMatchObject({ code: "BAD_DEVICE" });
    } finally {
      prober.close();
    }
  });

  it.skipIf(addonOff)("the RTT ends when the kernel got the reply, not when this thread got to read it", async () => {
    // A resolver on its own thread: it holds each query 20 ms (the truth: the RTT is at least that),
    // answers while this thread is busy, and raises a flag once its reply has been sent (on loopback
    // the reply is in our socket's queue when sendto() returns).
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const s = require("node:dgram").createSocket("udp4");
       s.on("message", (q, r) => { const a = Buffer.from(q); a[2] = 0x80; a[3] = 5;
         setTimeout(() => s.send(a, r.port, r.address, () => { Atomics.store(workerData, 0, 1); }), 20); });
       s.bind(0, "127.0.0.1", () => parentPort.postMessage(s.address().port));`,
      { eval: true, workerData: flag },
    );
    const port = await new Promise<number>((r) => worker.once("message", r));
    const prober = new DnsProber({ timeoutMs: 5000 });
    try {
      expect(isLoss(await prober.probe({ address: "127.0.0.1", port }, loopback))).toBe(false); // socket opened
      Atomics.store(flag, 0, 0);
      const start = performance.now();
      const probe = prober.probe({ address: "127.0.0.1", port }, loopback);
      await new Promise((r) => setImmediate(r)); // the query has left
      while (Atomics.load(flag, 0) === 0 && performance.now() - start < 4000) {}
      const answeredMs = performance.now() - start;
      // Busy 100 ms more with the reply waiting: a stamp taken on reading would hold all of it (and
      // node:dgram's send callback, run after it, would leave almost nothing: both are wrong).
      while (performance.now() - start < answeredMs + 100) {}
      const r = await probe;
      expect(isLoss(r)).toBe(false);
      if (!isLoss(r)) {
        expect(r.rttUs / 1000).toBeGreaterThanOrEqual(20);
        expect(r.rttUs / 1000).toBeLessThan(answeredMs + 50);
      }
    } finally {
      prober.close();
      await worker.terminate();
    }
  });

  it("DNSTEER_PROBE_ADDON=off: node:dgram measures every probe with user-space stamps and says why once", async () => {
    const off = await probeInChild(refusing.port, "off", 5);
    expect(off.timestamps).toEqual({ kernel: false, reason: "DNSTEER_PROBE_ADDON=off in the environment" });
    expect(off.rtts[0]!.filter((x) => x !== null)).toHaveLength(5);
    expect(off.stats).toEqual({ received: 5, kernelStamped: 0 });
    expect(off.stderr.match(/DNS probes use node:dgram with user-space timestamps/g)).toHaveLength(1);
  });
});
