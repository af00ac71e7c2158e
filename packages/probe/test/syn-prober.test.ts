import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTcpSyn, isLoss, parseTcpSegment, TcpProber, type TcpSegmentInfo } from "../src/index.js";
import { openRawIcmp } from "../src/raw-icmp.js";

// Raw sockets need root or CAP_NET_RAW (as the ICMP tests). Loopback only; `device: "lo"` selects
// the SYN path (providers without a device keep net.connect, tested in tcp-prober.test.ts).
const lo = { name: "lo", sourceV4: "127.0.0.1", device: "lo" };
let server: Server;
let open = 0;
let closed = 0;
const portOf = (s: Server) => (s.address() as { port: number }).port;
const listen = () =>
  new Promise<Server>((resolve) => {
    const s = createServer((c) => c.on("error", () => {}).destroy());
    s.listen(0, "127.0.0.1", () => resolve(s));
  });

beforeAll(async () => {
  server = await listen();
  open = portOf(server);
  const tmp = await listen();
  closed = portOf(tmp);
  await new Promise((r) => tmp.close(r));
});
afterAll(() => {
  server.close();
});

describe("TcpProber SYN path (raw IPv4, loopback)", () => {
  it("times a SYN-ACK from a listening port; the listener never gets a connection", async () => {
    let accepted = 0;
    server.on("connection", () => accepted++);
    const prober = new TcpProber({ syn: "required", timeoutMs: 1000 });
    try {
      expect(prober.synAvailable).toBe(true);
      for (let i = 0; i < 5; i++) {
        const r = await prober.probe({ address: "127.0.0.1", port: open }, lo);
        expect(isLoss(r)).toBe(false);
        if (!isLoss(r)) {
          expect(r.refused).toBeUndefined();
          expect(r.rttUs).toBeGreaterThan(0);
          expect(r.rttUs).toBeLessThan(20_000);
        }
      }
      expect(prober.inFlight).toBe(0);
    } finally {
      prober.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(accepted).toBe(0); // half-open: our kernel reset the SYN-ACK, no connection was made
  });

  it("counts a closed port's RST as a reply with an RTT", async () => {
    const prober = new TcpProber({ syn: "required" });
    try {
      const r = await prober.probe({ address: "127.0.0.1", port: closed }, lo);
      expect(r).toMatchObject({ refused: true });
      if (!isLoss(r)) expect(r.rttUs).toBeLessThan(20_000);
    } finally {
      prober.close();
    }
  });

  it("matches 300 concurrent probes by ISN, over open and closed ports", async () => {
    const prober = new TcpProber({ syn: "required", synPorts: { first: 62000, count: 64 } });
    try {
      const all = await Promise.all(
        Array.from({ length: 300 }, (_, i) => prober.probe({ address: "127.0.0.1", port: i % 2 ? open : closed }, lo)),
      );
      expect(all.filter(isLoss)).toEqual([]);
      all.forEach((r, i) => expect(Boolean((r as { refused?: boolean }).refused)).toBe(i % 2 === 0));
      expect(prober.inFlight).toBe(0);
    } finally {
      prober.close();
    }
  });

  it("the kernel accepts our checksum and drops a wrong one (TcpInCsumErrors path)", async () => {
    const replies: number[] = [];
    const seg: TcpSegmentInfo = { from: 0, to: 0, srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0 };
    const sock = openRawIcmp(
      "lo",
      1 << 20,
      (buf) => {
        if (parseTcpSegment(buf, seg) && seg.srcPort === open && seg.flags === 0x12) replies.push(seg.dstPort);
      },
      () => {},
      "TCP",
    );
    try {
      const good = buildTcpSyn("127.0.0.1", "127.0.0.1", 61900, open, 1000, 1);
      const bad = buildTcpSyn("127.0.0.1", "127.0.0.1", 61901, open, 2000, 2);
      bad.writeUInt16BE(bad.readUInt16BE(36) ^ 0x5a5a, 36); // corrupt the TCP checksum
      for (const p of [good, bad])
        sock.send(p, "127.0.0.1", (err) => {
          if (err) throw err;
        });
      await new Promise((r) => setTimeout(r, 300));
      expect(replies).toEqual([61900]);
    } finally {
      sock.close();
    }
  });

  it("leaves no connection state behind (no SYN-RECV or ESTAB on the listener's port)", async () => {
    const prober = new TcpProber({ syn: "required" });
    try {
      await Promise.all(Array.from({ length: 20 }, () => prober.probe({ address: "127.0.0.1", port: open }, lo)));
    } finally {
      prober.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    const ss = execFileSync("ss", ["-Htan", `sport = :${open}`]).toString();
    expect(ss.split("\n").filter((l) => l && !l.startsWith("LISTEN"))).toEqual([]);
  });

  it("checks the source and the device before any packet; falls back to connect without a device; resolves pending on close", async () => {
    const prober = new TcpProber({ syn: "required", timeoutMs: 5000 });
    await expect(prober.probe({ address: "127.0.0.1", port: open }, { ...lo, sourceV4: "192.0.2.77" })).rejects.toMatchObject({
      code: "SOURCE_NOT_LOCAL",
    });
    await expect(prober.probe({ address: "127.0.0.1", port: open }, { ...lo, device: "nosuchdev0" })).rejects.toMatchObject({
      code: "BAD_DEVICE",
    });
    const viaConnect = await prober.probe({ address: "127.0.0.1", port: open }, { name: "lo", sourceV4: "127.0.0.1" });
    expect(isLoss(viaConnect)).toBe(false);
    // Loopback may answer before close() runs; both outcomes are valid, a hang is not.
    const pending = prober.probe({ address: "127.0.0.1", port: open }, lo);
    prober.close();
    const r = await pending;
    expect(isLoss(r) ? r.reason : "reply").toMatch(/closed|reply/);
    expect(() => new TcpProber({ synPorts: { first: 65000, count: 1000 } })).toThrow(RangeError);
    // Ports inside the kernel's ephemeral range are not ours: "required" refuses, "auto" falls back.
    expect(() => new TcpProber({ syn: "required", synPorts: { first: 40000, count: 10 } })).toThrow(/ip_local_port_range/);
    const auto = new TcpProber({ synPorts: { first: 40000, count: 10 } });
    expect([auto.synAvailable, auto.synUnavailable]).toEqual([false, expect.stringMatching(/ip_local_port_range/)]);
    auto.close();
  });
});
