import { decodeMessage } from "@dnsteer/wire";
import { buildQuery, opt } from "@dnsteer/wire/testing";
import { parseZone, ZoneSet } from "@dnsteer/zone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DnsServer } from "../src/index.js";
import { frame, loopback, tcpExchange, udpExchange } from "./client.js";
import { header } from "./header.js";

/**
 * Big RRsets over real sockets (issue 11): an answer that cannot fit the UDP limit gets TC,
 * never SERVFAIL; over TCP it comes whole, up to the 65535-octet message the zone loader's
 * size rule guarantees (packages/zone/src/size.ts).
 */
const TXT = 16;
const string = (c: string, n: number) => `"${c.repeat(n)}"`;
const lines = (owner: string, count: number, rdata: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `${owner} TXT ${rdata(i)}`).join("\n");

// "huge.example.test." is 19 octets: 65535 - 12 - (19 + 4) - 11 = 65489 octets of records,
// filled exactly by 243 records of 268 octets (a 255-octet string) and one of 365 (255 + 96).
const ZONE = `
$ORIGIN example.test.
$TTL 300
@ SOA ns1 hostmaster 1 3600 600 86400 60
@ NS ns1
ns1 A 192.0.2.53
${lines("big", 40, (i) => `"${String(i).padStart(3, "0")}" ${string("b", 246)}`)}
${lines("huge", 243, (i) => `"${String(i).padStart(3, "0")}${"h".repeat(252)}"`)}
huge TXT ${string("x", 255)} ${string("y", 96)}
alias CNAME huge
`;

let server: DnsServer;
let port: number;
const errors: unknown[] = [];

beforeAll(async () => {
  server = new DnsServer({
    listen: [{ address: "127.0.0.1", port: 0 }],
    loadZones: () => new ZoneSet([parseZone(ZONE, { origin: "example.test." })]),
    onError: (e) => errors.push(e),
  });
  await server.start();
  port = server.ports()[0]!.port;
});
afterAll(() => server.stop());

const query = (name: string, edns?: number) =>
  buildQuery({ id: 0x5151, name, qtype: TXT, ...(edns ? { tail: opt([], edns), arcount: 1 } : {}) });

async function udp(name: string, edns?: number): Promise<Buffer> {
  const r = await udpExchange(port, query(name, edns));
  expect(r, `no UDP answer for ${name}`).not.toBeNull();
  return r!;
}

async function tcp(name: string): Promise<Buffer> {
  const [r] = await tcpExchange(loopback(port), [frame(query(name, 1232))], 1, 3000);
  expect(r, `no TCP answer for ${name}`).toBeDefined();
  return r!;
}

describe("an answer too big for UDP", () => {
  it.each([
    ["without EDNS (512)", undefined, 512],
    ["with EDNS 1232", 1232, 1232],
    ["with EDNS 4096", 4096, 4096],
  ])("%s: TC, NOERROR, within the client's size", async (_label, edns, limit) => {
    const r = await udp("big.example.test.", edns);
    expect(header(r)).toMatchObject({ id: 0x5151, tc: true, rcode: 0, qdcount: 1 });
    expect(r.length).toBeLessThanOrEqual(limit);
  });

  it("comes whole over TCP", async () => {
    const r = await tcp("big.example.test.");
    expect(header(r)).toMatchObject({ tc: false, rcode: 0, ancount: 40 });
  });
});

describe("an RRset at the size limit", () => {
  it("fills a 65535-octet TCP message exactly", async () => {
    const r = await tcp("huge.example.test.");
    expect(header(r)).toMatchObject({ tc: false, rcode: 0, ancount: 244 });
    expect(r.length).toBe(65535);
    expect(decodeMessage(r).answer).toHaveLength(244);
  });

  it("over UDP: TC", async () => {
    expect(header(await udp("huge.example.test.", 1232))).toMatchObject({ tc: true, rcode: 0 });
  });

  it("behind a CNAME (answer over 65535 octets): TC over UDP and TCP, never SERVFAIL", async () => {
    const overUdp = header(await udp("alias.example.test.", 1232));
    expect(overUdp).toMatchObject({ tc: true, rcode: 0 });
    const overTcp = header(await tcp("alias.example.test."));
    expect(overTcp.rcode).toBe(0);
    expect(overTcp.tc).toBe(true);
    expect(errors).toEqual([]);
  });
});
