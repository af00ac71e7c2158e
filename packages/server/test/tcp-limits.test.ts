import net from "node:net";
import { buildQuery } from "@dnsteer/wire/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DnsServer } from "../src/index.js";
import { ChildServer } from "./child/client.js";
import { frame, loopback, tcpExchange, timeUntilClosed } from "./client.js";
import { header } from "./header.js";
import { testZones } from "./zone-fixture.js";

/**
 * The TCP findings of issue 11 over real sockets: slowloris at the connection cap, a slow
 * 65535-octet length prefix, and a client that pipelines without ever reading.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const good = frame(buildQuery({ id: 0x4242, name: "www.example.test." }));

/** A connection that sends the start of a query, then one more octet every `everyMs`; resolves when the server closes it. */
function slowloris(port: number, everyMs: number): { closed: Promise<{ lifetimeMs: number; octetsSent: number }> } {
  const start = Date.now();
  let sent = 0;
  const socket = net.connect(port, "127.0.0.1");
  const bytes = good;
  const tick = () => {
    if (socket.destroyed || sent >= bytes.length - 1) return; // never the last octet
    socket.write(bytes.subarray(sent, sent + 1));
    sent++;
  };
  socket.on("connect", tick);
  const timer = setInterval(tick, everyMs);
  socket.on("error", () => {});
  socket.on("data", () => {});
  const closed = new Promise<{ lifetimeMs: number; octetsSent: number }>((resolve) =>
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ lifetimeMs: Date.now() - start, octetsSent: sent });
    }),
  );
  return { closed };
}

describe("TCP under abuse (in-process server)", () => {
  let server: DnsServer;
  let port: number;
  beforeAll(async () => {
    // The setting (a 2 s message deadline, longer than the attack's 1.5 s between octets,
    // so a timer restarted per chunk would never fire), and a cap of 256 that one prefix may fill
    // (the attack comes from 127.0.0.1).
    server = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      loadZones: () => testZones(),
      settings: { tcp: { maxConnections: 256, maxConnectionsPerPrefix: 256, messageTimeoutMs: 2000, idleTimeoutMs: 10_000 } },
    });
    await server.start();
    port = server.ports()[0]!.port;
  });
  afterAll(() => server.stop());

  it("slowloris at the cap: 256 connections sending an octet every 1.5 s are closed by the message deadline, and new clients are answered", async () => {
    const before = server.tcpStats()[0]!;
    const attackers = Array.from({ length: 256 }, () => slowloris(port, 1500));
    for (let i = 0; i < 30 && server.tcpStats()[0]!.open < 256; i++) await sleep(50);
    expect(server.tcpStats()[0]!.open).toBe(256);
    // At the cap, mid-attack: a new client gets in (an attacker's connection makes room) and is answered.
    const during = await tcpExchange(loopback(port), [good], 1, 3000);
    expect(during.map((r) => header(r).id)).toEqual([0x4242]);
    const ends = await Promise.all(attackers.map((a) => a.closed));
    // A timer restarted per octet would never fire (octets every 1.5 s, deadline 2 s): they would
    // live for the ~48 s their queries take to send. The deadline from the first octet ends each
    // near 2 s; 6 s is slack for a busy machine.
    expect(Math.max(...ends.map((e) => e.lifetimeMs))).toBeLessThan(6000);
    expect(Math.max(...ends.map((e) => e.octetsSent))).toBeLessThanOrEqual(4);
    for (let i = 0; i < 50 && server.tcpStats()[0]!.open > 0; i++) await sleep(100);
    const after = server.tcpStats()[0]!;
    expect(after.messageTimeouts + after.evicted - before.messageTimeouts - before.evicted).toBeGreaterThanOrEqual(256);
    expect(after.messageTimeouts - before.messageTimeouts).toBeGreaterThanOrEqual(255 - (after.evicted - before.evicted));
    expect(after.open).toBe(0);
  });

  it("slowloris that keeps reconnecting to hold the cap: every new client is still answered", async () => {
    let stop = false;
    const attacker = async () => {
      while (!stop) await slowloris(port, 1500).closed;
    };
    const attackers = Array.from({ length: 256 }, attacker);
    await sleep(300);
    const answered: number[] = [];
    for (let i = 0; i < 10; i++) {
      const replies = await tcpExchange(loopback(port), [frame(buildQuery({ id: i, name: "www.example.test." }))], 1, 3000);
      answered.push(...replies.map((r) => header(r).id));
      await sleep(100);
    }
    stop = true;
    await Promise.all(attackers);
    expect(answered).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("a 65535-octet length prefix fed one octet at a time is closed by the message deadline", async () => {
    const start = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      const first = Buffer.from([0xff, 0xff]);
      let sent = 0;
      const timer = setInterval(() => {
        if (!socket.destroyed) socket.write(sent < 2 ? first.subarray(sent, sent + 1) : Buffer.from([0x61]));
        sent++;
      }, 100);
      socket.on("error", () => {});
      socket.on("close", () => {
        clearInterval(timer);
        resolve(Date.now() - start);
      });
    });
    // The deadline is 2 s from the first octet (octets every 100 ms would restart a per-chunk
    // timer forever); well under the 25 s seen before the fix.
    expect(closedAfter).toBeGreaterThanOrEqual(1900);
    expect(closedAfter).toBeLessThan(4000);
  });

  it("a connection that never sends is closed after the idle timeout, not the message deadline", async () => {
    const quick = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      loadZones: () => testZones(),
      settings: { tcp: { idleTimeoutMs: 800, messageTimeoutMs: 100 } },
    });
    await quick.start();
    try {
      const ms = await timeUntilClosed(quick.ports()[0]!.port, new Uint8Array(0), 5000);
      expect(ms).toBeGreaterThanOrEqual(750);
      expect(ms).toBeLessThan(5000);
    } finally {
      await quick.stop();
    }
  });

  it("a client that stops reading its answers is closed once nothing has drained for the idle timeout", async () => {
    const quick = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      loadZones: () => testZones(),
      settings: { tcp: { idleTimeoutMs: 800 } },
    });
    await quick.start();
    try {
      const socket = net.connect(quick.ports()[0]!.port, "127.0.0.1");
      socket.pause();
      socket.on("error", () => {});
      const batch = Buffer.concat(
        Array.from({ length: 1000 }, (_, i) => frame(buildQuery({ id: i, name: "big.example.test.", qtype: 16 }))),
      );
      for (let i = 0; i < 100; i++) socket.write(batch);
      // The client never reads, so it would not see the close either: watch the server's side.
      await sleep(300);
      expect(quick.tcpStats()[0]!.open).toBe(1);
      for (let i = 0; i < 100 && quick.tcpStats()[0]!.open > 0; i++) await sleep(100);
      socket.destroy();
      expect(quick.tcpStats()[0]).toMatchObject({ idleTimeouts: 1, messageTimeouts: 0, open: 0 });
    } finally {
      await quick.stop();
    }
  });

  it("at the per-prefix cap the prefix's own idle connection goes", async () => {
    const capped = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      loadZones: () => testZones(),
      settings: { tcp: { maxConnections: 100, maxConnectionsPerPrefix: 2 } },
    });
    await capped.start();
    const p = capped.ports()[0]!.port;
    try {
      const sockets = await Promise.all(
        [0, 1].map(
          () =>
            new Promise<net.Socket>((resolve) => {
              const s = net.connect(p, "127.0.0.1", () => resolve(s));
              s.on("error", () => {});
            }),
        ),
      );
      await sleep(50);
      const [r] = await tcpExchange(loopback(p), [good], 1);
      expect(header(r!).id).toBe(0x4242);
      expect(capped.tcpStats()[0]).toMatchObject({ evicted: 1, refused: 0 });
      sockets.forEach((s) => s.destroy());
    } finally {
      await capped.stop();
    }
  });
});

describe("TCP write backpressure (server in its own process)", () => {
  // Either bound alone keeps the server's memory flat: the octets left unsent, or the answers in flight.
  const rows: Array<[string, object]> = [
    ["the unsent-octets bound (defaults)", { tcp: { idleTimeoutMs: 60_000 } }],
    ["the in-flight bound alone (octets unbounded)", { tcp: { idleTimeoutMs: 60_000, maxUnsentBytes: 2 ** 30, maxQueriesInFlight: 64 } }],
  ];
  for (const [label, settings] of rows) {
    it(`a client pipelining 400,000 TXT queries without reading leaves the server's RSS bounded: ${label}`, async () => {
      const child = new ChildServer(settings);
      try {
        const { port } = await child.next("ready");
        const query = (id: number) => frame(buildQuery({ id, name: "big.example.test.", qtype: 16 }));
        // Warm up (code paths compiled, templates built), then take the baseline.
        const warm = await tcpExchange(
          loopback(port),
          Array.from({ length: 200 }, (_, i) => query(i)),
          200,
          5000,
        );
        expect(warm).toHaveLength(200);
        const baseline = (await child.stats()).rss;

        const socket = net.connect(port, "127.0.0.1");
        socket.pause(); // never read
        socket.on("error", () => {});
        await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
        const batch = Buffer.concat(Array.from({ length: 1000 }, (_, i) => query(i)));
        for (let i = 0; i < 400; i++) socket.write(batch);

        // Each answer is ~1.3 KB: without backpressure, 400k of them are ~520 MB in the server.
        let peak = 0;
        for (let i = 0; i < 8; i++) {
          await sleep(500);
          peak = Math.max(peak, (await child.stats()).rss);
        }
        const { tcp } = await child.stats();
        socket.destroy();
        console.log(`${label}: RSS baseline ${(baseline / 2 ** 20).toFixed(0)} MB, peak ${(peak / 2 ** 20).toFixed(0)} MB`);
        expect(tcp[0]!.open).toBe(1); // paused, not closed: it is within its deadlines
        expect(peak - baseline).toBeLessThan(96 * 1024 * 1024);
      } finally {
        child.process.kill();
      }
    });
  }
});
