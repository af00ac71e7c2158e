import { DecisionMap, type DecisionRoute } from "@dnsteer/steering";
import { decodeMessage } from "@dnsteer/wire";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Case, chainUnderTest, encodeCaseQuery, expectCase, recordLines, testCases } from "../../../test/case.js";
import { udpExchange } from "../../../test/client.js";
import { testZones } from "../../../test/zone-fixture.js";
import { buildSteeringView, DnsServer, type SteeringView } from "../../index.js";

// Rows answer from the server tests' example.test. zone (www: A 192.0.2.10, AAAA 2001:db8::10,
// TXT, MX) with www steered among three providers; `from` is the resolver's address.
const providers = [
  { name: "p1", serviceA: ["203.0.113.80"], serviceAAAA: ["2001:db8:1::80"] },
  { name: "p2", serviceA: ["198.51.100.80"], serviceAAAA: [] },
  { name: "p3", serviceA: ["198.18.0.80", "198.18.0.81"], serviceAAAA: ["2001:db8:3::80"] },
];
const decision = (prefix: string, prefixLength: number, provider: string): DecisionRoute => ({ prefix, prefixLength, provider });
const view = (decisions: DecisionRoute[], defaultProvider?: string): SteeringView =>
  buildSteeringView({
    names: ["www.example.test."],
    providers,
    decisions: DecisionMap.from(["p1", "p2", "p3"], decisions),
    defaultProvider,
    ttl: 30,
  });

const p1 = ["www.example.test. 30 IN A 203.0.113.80"];
const p2 = ["www.example.test. 30 IN A 198.51.100.80"];
const p3 = ["www.example.test. 30 IN A 198.18.0.80", "www.example.test. 30 IN A 198.18.0.81"];
const zoneA = ["www.example.test. 300 IN A 192.0.2.10"];
const ok = { rcode: "NOERROR", flags: "qr aa rd" } as const;

// 127/8 -> p1, 127.0.0.2/32 -> p2, 198.51.100/24 -> p3; no default provider.
const bySource: Case[] = [
  { qname: "www.example.test.", from: "127.0.0.2", ...ok, answer: p2, why: "the resolver's own decision, steering TTL" },
  { qname: "www.example.test.", from: "127.0.0.3", ...ok, answer: p1, why: "the longest prefix holding it" },
  { qname: "www.example.test.", from: "127.0.0.3", ...ok, answer: p1, why: "again: from the template" },
  {
    qname: "WWW.Example.Test.",
    from: "127.0.0.3",
    id: 7,
    rd: false,
    ...ok,
    flags: "qr aa",
    answer: p1,
    why: "template patched: ID, case, RD",
  },
  { qname: "www.example.test.", from: "127.0.0.2", transport: "tcp", ...ok, answer: p2 },
  {
    qname: "www.example.test.",
    from: "127.0.0.2",
    edns: { ecs: "198.51.100.0/24" },
    ...ok,
    answer: p3,
    opt: { ecsScope: 24 },
    why: "ECS wins over the resolver; scope = the decision's prefix (RFC 7871 7.2.1)",
  },
  { qname: "www.example.test.", from: "127.0.0.2", edns: { ecs: "198.51.100.128/25" }, ...ok, answer: p3, opt: { ecsScope: 24 } },
  {
    qname: "www.example.test.",
    from: "127.0.0.2",
    edns: { ecs: "192.0.2.0/24" },
    ...ok,
    answer: zoneA,
    why: "ECS without a decision, no default: the zone's record",
  },
  {
    qname: "www.example.test.",
    from: "127.0.0.2",
    edns: {},
    ...ok,
    answer: p2,
    opt: { options: [] },
    why: "OPT without ECS: by the resolver",
  },
  { qname: "www.example.test.", from: "::1", ...ok, answer: zoneA, why: "an IPv6 resolver without a decision" },
  { qname: "www.example.test.", qtype: "AAAA", from: "127.0.0.3", ...ok, answer: ["www.example.test. 30 IN AAAA 2001:db8:1::80"] },
  {
    qname: "www.example.test.",
    qtype: "AAAA",
    from: "127.0.0.2",
    ...ok,
    answer: ["www.example.test. 300 IN AAAA 2001:db8::10"],
    why: "p2 has no IPv6 address: the zone's",
  },
  {
    qname: "www.example.test.",
    qtype: "MX",
    from: "127.0.0.2",
    ...ok,
    answer: ["www.example.test. 300 IN MX 10 mail.example.test."],
    extra: ["mail.example.test. 300 IN A 192.0.2.25"],
    why: "other types: the zone",
  },
  {
    qname: "www.example.test.",
    qtype: "ANY",
    from: "127.0.0.2",
    ...ok,
    answer: zoneA,
    why: "ANY is not steered (any plugin: first RRset)",
  },
  {
    qname: "mail.example.test.",
    from: "127.0.0.2",
    ...ok,
    answer: ["mail.example.test. 300 IN A 192.0.2.25"],
    why: "other names: the zone",
  },
];

// 127.0.0.2/32 -> p3, default p2.
const withDefault: Case[] = [
  { qname: "www.example.test.", from: "127.0.0.2", ...ok, answer: p3 },
  { qname: "www.example.test.", from: "127.0.0.3", ...ok, answer: p2, why: "no decision: the default provider" },
  { qname: "www.example.test.", from: "::1", ...ok, answer: p2 },
  {
    qname: "www.example.test.",
    qtype: "AAAA",
    from: "127.0.0.3",
    ...ok,
    answer: ["www.example.test. 300 IN AAAA 2001:db8::10"],
    why: "the default has no IPv6 address: the zone's",
  },
];

const sourceView = view([decision("127.0.0.0", 8, "p1"), decision("127.0.0.2", 32, "p2"), decision("198.51.100.0", 24, "p3")]);
const defaultView = view([decision("127.0.0.2", 32, "p3")], "p2");

describe("steer, by source", () => testCases(chainUnderTest({ services: { steering: { current: () => sourceView } } }), bySource));
describe("steer, with a default provider", () =>
  testCases(chainUnderTest({ services: { steering: { current: () => defaultView } } }), withDefault));

describe("steer, view swaps", () => {
  it("moves answers with the next query after a new view is swapped in", () => {
    let current = sourceView;
    const chain = chainUnderTest({ services: { steering: { current: () => current } } });
    expectCase(chain, { qname: "www.example.test.", from: "127.0.0.2", ...ok, answer: p2 });
    current = defaultView;
    expectCase(chain, { qname: "www.example.test.", from: "127.0.0.2", ...ok, answer: p3 });
    expectCase(chain, { qname: "www.example.test.", from: "127.0.0.3", ...ok, answer: p2 });
    current = view([]);
    expectCase(chain, { qname: "www.example.test.", from: "127.0.0.3", ...ok, answer: zoneA });
  });
});

describe("steer over UDP", () => {
  let server: DnsServer;
  let port: number;
  beforeAll(async () => {
    server = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      loadZones: () => testZones(),
      services: { steering: { current: () => sourceView } },
    });
    await server.start();
    port = server.ports()[0]!.port;
  });
  afterAll(() => server.stop());

  it("chooses by the address the datagram came from", async () => {
    for (const [from, expected] of [
      ["127.0.0.2", p2],
      ["127.0.0.3", p1],
    ] as const) {
      const reply = await udpExchange(port, encodeCaseQuery({ qname: "www.example.test.", ...ok }), 1000, "127.0.0.1", from);
      expect(reply, `no reply to ${from}`).not.toBeNull();
      expect(recordLines(decodeMessage(reply!).answer)).toEqual(expected);
    }
  });
});
