import { FlowAnalyzer } from "@dnsteer/flow";
import { nameToKey, parseName } from "@dnsteer/wire";
import { describe, expect, it } from "vitest";
import { type Case, caseTitle, chainUnderTest, expectCase } from "../../../test/case.js";

// Each row is one query through a fresh chain with the flow tap on (www.example.test. is
// steered, group 0): the reply it gets, and the sources the analyzer recorded for it, written
// "address/prefix" (+ " ecs" when the source came from an ECS option).
type FlowCase = Case & { recorded: string[] };

const www = ["www.example.test. 300 IN A 192.0.2.10"];
const ok = { rcode: "NOERROR", flags: "qr aa rd" } as const;
const cases: FlowCase[] = [
  { qname: "www.example.test.", from: "127.0.0.2", ...ok, answer: www, recorded: ["127.0.0.2/32"], why: "the resolver, as a /32" },
  { qname: "WWW.example.test.", from: "127.0.0.2", ...ok, answer: www, recorded: ["127.0.0.2/32"], why: "any case of the name" },
  { qname: "www.example.test.", from: "2001:db8::53", ...ok, answer: www, recorded: ["2001:db8::53/128"] },
  {
    qname: "www.example.test.",
    from: "::ffff:198.51.100.9",
    ...ok,
    answer: www,
    recorded: ["198.51.100.9/32"],
    why: "IPv4-mapped: the IPv4 source",
  },
  {
    qname: "www.example.test.",
    from: "127.0.0.2",
    edns: { ecs: "198.51.100.0/24" },
    ...ok,
    answer: www,
    opt: { ecsScope: 0 },
    recorded: ["198.51.100.0/24 ecs"],
    why: "the ECS subnet over the resolver",
  },
  {
    qname: "www.example.test.",
    from: "127.0.0.2",
    edns: { ecs: "203.0.113.7/32" },
    ...ok,
    answer: www,
    recorded: ["203.0.113.0/24 ecs"],
    why: "ECS cut to /24 (RFC 7871 12.1)",
  },
  {
    qname: "www.example.test.",
    from: "127.0.0.2",
    edns: { ecs: "2001:db8:1234:5678::/64" },
    ...ok,
    answer: www,
    recorded: ["2001:db8:1234:5600::/56 ecs"],
    why: "IPv6 ECS cut to /56",
  },
  {
    qname: "www.example.test.",
    from: "127.0.0.2",
    edns: { ecs: "0.0.0.0/0" },
    ...ok,
    answer: www,
    recorded: ["127.0.0.2/32"],
    why: "ECS /0 says nothing: the resolver",
  },
  {
    qname: "www.example.test.",
    qtype: "MX",
    from: "127.0.0.2",
    ...ok,
    answer: ["www.example.test. 300 IN MX 10 mail.example.test."],
    extra: ["mail.example.test. 300 IN A 192.0.2.25"],
    recorded: ["127.0.0.2/32"],
    why: "every type of a steered name",
  },
  {
    qname: "mail.example.test.",
    from: "127.0.0.2",
    ...ok,
    answer: ["mail.example.test. 300 IN A 192.0.2.25"],
    recorded: [],
    why: "names not steered are not counted",
  },
  {
    qname: "www.example.test.",
    qclass: "HS",
    from: "127.0.0.2",
    rcode: "REFUSED",
    flags: "qr rd",
    recorded: [],
    why: "refused before the tap",
  },
  {
    qname: "www.example.test.",
    edns: { version: 1 },
    from: "127.0.0.2",
    rcode: "BADVERS",
    flags: "qr rd",
    recorded: [],
    why: "BADVERS before the tap",
  },
];

function sourcesAfter(tc: Case): string[] {
  const analyzer = new FlowAnalyzer({ maxSources: 64, groups: 1, halfLifeMs: 300_000 });
  const groups = new Map([[nameToKey(parseName("www.example.test.")), 0]]);
  expectCase(chainUnderTest({ services: { flow: { analyzer, groups, now: () => 1_000 } } }), tc);
  return analyzer.select({ nowMs: 1_000 }).map((s) => `${s.address}/${s.prefixLength}${s.ecs ? " ecs" : ""}`);
}

describe("flow", () => {
  for (const { recorded, ...tc } of cases) {
    it(caseTitle(tc), () => {
      expect(sourcesAfter(tc)).toEqual(recorded);
    });
  }

  it("counts each query: three from one resolver are one source with three queries", () => {
    const analyzer = new FlowAnalyzer({ maxSources: 64, groups: 1, halfLifeMs: 300_000 });
    const groups = new Map([[nameToKey(parseName("www.example.test.")), 0]]);
    const chain = chainUnderTest({ services: { flow: { analyzer, groups, now: () => 1_000 } } });
    for (let i = 0; i < 3; i++) expectCase(chain, { qname: "www.example.test.", from: "127.0.0.2", ...ok, answer: www });
    expect(analyzer.select({ nowMs: 1_000 }).map((s) => [s.address, s.queries, s.perGroup])).toEqual([["127.0.0.2", 3, [3]]]);
  });
});
