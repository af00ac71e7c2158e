import { describe } from "vitest";
import { type Case, chainUnderTest, testCases } from "../../../test/case.js";

// RFC 6891 6.1.3: a version we do not speak gets BADVERS (extended rcode 16) with an OPT of
// version 0 and nothing else: no answer, no ECS or NSID echo. It runs first in the chain, so
// it wins over every later check (class, xfr, out-of-zone names).
const www = "www.example.test. 300 IN A 192.0.2.10";
const cases: Case[] = [
  { qname: "www.example.test.", edns: { version: 1 }, rcode: "BADVERS", flags: "qr rd", opt: { version: 0, udpSize: 1232, options: [] } },
  { qname: "www.example.test.", edns: { version: 255 }, transport: "tcp", rcode: "BADVERS", flags: "qr rd", opt: { version: 0 } },
  {
    qname: "www.example.test.",
    edns: { version: 1, do: true, ecs: "198.51.100.0/24", nsid: true },
    rcode: "BADVERS",
    flags: "qr rd",
    opt: { version: 0, do: true, options: [] },
    why: "DO echoed, ECS and NSID not",
  },
  { qname: "nowhere.test.", edns: { version: 1 }, rcode: "BADVERS", flags: "qr rd", opt: { version: 0 }, why: "before the zone check" },
  { qname: "example.test.", qtype: "AXFR", edns: { version: 1 }, rcode: "BADVERS", flags: "qr rd", why: "before xfr" },
  { qname: "version.bind.", qclass: "CH", qtype: "TXT", edns: { version: 1 }, rcode: "BADVERS", flags: "qr rd", why: "before chaos" },
  {
    qname: "www.example.test.",
    edns: { version: 0 },
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: [www],
    opt: { version: 0, udpSize: 1232, options: [] },
  },
  { qname: "www.example.test.", rcode: "NOERROR", flags: "qr aa rd", answer: [www], opt: false, why: "no OPT in, none out" },
];

describe("edns-version", () => testCases(chainUnderTest(), cases));
