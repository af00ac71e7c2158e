import dgram from "node:dgram";
import { buildQuery } from "@dnsteer/wire/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DnsServer } from "../src/index.js";
import { frame, loopback, tcpExchange } from "./client.js";
import { header } from "./header.js";
import { testZones } from "./zone-fixture.js";

/**
 * Response rate limiting over real UDP: one source (127.0.0.0/24) bursts, another
 * (127.0.1.0/24, also loopback) asks at a polite pace at the same time. The burst is limited
 * to the rate and every 2nd limited response comes back as TC=1; the other source gets every
 * answer. Loopback is taken off the exempt list for this.
 */
const RATE = 10;
let server: DnsServer;
let port: number;
beforeAll(async () => {
  server = new DnsServer({
    listen: [{ address: "127.0.0.1", port: 0 }],
    loadZones: () => testZones(),
    settings: { rrl: { enabled: true, responsesPerSecond: RATE, slip: 2, windowSeconds: 15, exempt: [] } },
  });
  await server.start();
  port = server.ports()[0]!.port;
});
afterAll(() => server.stop());

async function socketFrom(address: string): Promise<dgram.Socket> {
  const s = dgram.createSocket({ type: "udp4", recvBufferSize: 1 << 20 });
  await new Promise<void>((resolve) => s.bind(0, address, () => resolve()));
  return s;
}

describe("rrl over UDP", () => {
  it("a single-source burst is limited and slipped as configured while another source's queries are all answered", async () => {
    const burst = await socketFrom("127.0.0.1");
    const polite = await socketFrom("127.0.1.1");
    const seen = { answered: 0, slipped: 0 };
    burst.on("message", (m) => {
      if (header(m).tc) {
        expect(header(m).ancount).toBe(0);
        seen.slipped++;
      } else seen.answered++;
    });
    const politeIds = new Set<number>();
    polite.on("message", (m) => {
      expect(header(m)).toMatchObject({ tc: false, ancount: 1 });
      politeIds.add(header(m).id);
    });

    const started = Date.now();
    const BURST = 200;
    for (let i = 0; i < BURST; i++) burst.send(buildQuery({ id: i, name: "www.example.test." }), port, "127.0.0.1");
    // The other source: 20 queries, one every 100 ms (under the rate), while the burst is limited.
    for (let i = 0; i < 20; i++) {
      polite.send(buildQuery({ id: 1000 + i, name: "www.example.test." }), port, "127.0.0.1");
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    const seconds = (Date.now() - started) / 1000;
    burst.close();
    polite.close();

    expect(politeIds.size).toBe(20);
    // The burst: its first RATE answered, more only as credit returns (RATE per second of the test).
    expect(seen.answered).toBeGreaterThanOrEqual(RATE);
    expect(seen.answered).toBeLessThanOrEqual(RATE + Math.ceil(RATE * seconds));
    const limited = BURST - seen.answered;
    expect(Math.abs(seen.slipped - limited / 2)).toBeLessThanOrEqual(2); // every 2nd, the rest dropped
    expect(server.rrlStats()).toMatchObject({ slipped: seen.slipped, dropped: limited - seen.slipped });
  });

  it("TCP from the limited source is still answered (a slipped client's retry)", async () => {
    const [r] = await tcpExchange(loopback(port), [frame(buildQuery({ id: 7, name: "www.example.test." }))], 1);
    expect(header(r!)).toMatchObject({ id: 7, tc: false, ancount: 1 });
  });
});

describe("rrl for the pre-parser's own replies", () => {
  it("a burst of malformed queries (FORMERR) and of unknown opcodes (NOTIMP) from one source is limited at the errors rate and slipped, as BIND limits errors", async () => {
    const ERRORS = 5;
    const limited = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      loadZones: () => testZones(),
      settings: { rrl: { enabled: true, errorsPerSecond: ERRORS, slip: 2, windowSeconds: 15, exempt: [] } },
    });
    await limited.start();
    const at = limited.ports()[0]!.port;
    try {
      const burst = await socketFrom("127.0.0.1");
      const seen = { formerr: 0, notimp: 0, slipped: 0 };
      burst.on("message", (m) => {
        const h = header(m);
        if (h.tc) seen.slipped++;
        else if (h.rcode === 1) seen.formerr++;
        else if (h.rcode === 4) seen.notimp++;
      });
      const BURST = 100;
      const started = Date.now();
      for (let i = 0; i < BURST; i++) {
        burst.send(buildQuery({ id: i, qdcount: 2 }), at, "127.0.0.1"); // FORMERR (RFC 9619)
        burst.send(buildQuery({ id: 1000 + i, flags: 0x1000 }), at, "127.0.0.1"); // opcode STATUS: NOTIMP
      }
      await new Promise((r) => setTimeout(r, 500));
      const seconds = (Date.now() - started) / 1000;
      burst.close();
      const sent = seen.formerr + seen.notimp;
      // FORMERR and NOTIMP share the source's one error bucket.
      expect(sent).toBeGreaterThanOrEqual(ERRORS);
      expect(sent).toBeLessThanOrEqual(ERRORS + Math.ceil(ERRORS * seconds));
      const over = 2 * BURST - sent;
      expect(Math.abs(seen.slipped - over / 2)).toBeLessThanOrEqual(2);
      expect(limited.rrlStats()).toMatchObject({ checked: 2 * BURST, slipped: seen.slipped, dropped: over - seen.slipped });

      // Over TCP nothing is limited: a slipped client's retry gets its FORMERR.
      const [r] = await tcpExchange(loopback(at), [frame(buildQuery({ id: 9, qdcount: 2 }))], 1);
      expect(header(r!)).toMatchObject({ id: 9, rcode: 1, tc: false });
    } finally {
      await limited.stop();
    }
  });
});
