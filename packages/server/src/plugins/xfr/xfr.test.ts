import { describe } from "vitest";
import { chainUnderTest, testCases, type Case } from "../../../test/case.js";

// No transfers are configured yet: AXFR/IXFR can never be answered over UDP, and over TCP they
// are refused. Neither is a zone answer: no records, whatever the zone holds.
const cases: Case[] = [
  { qname: "example.test.", qtype: "AXFR", rcode: "NOTIMP", flags: "qr rd", why: "AXFR over UDP is never valid" },
  { qname: "example.test.", qtype: "IXFR", rcode: "NOTIMP", flags: "qr rd" },
  { qname: "example.test.", qtype: "AXFR", transport: "tcp", rcode: "REFUSED", flags: "qr rd" },
  { qname: "example.test.", qtype: "IXFR", transport: "tcp", rcode: "REFUSED", flags: "qr rd" },
  { qname: "nowhere.test.", qtype: "AXFR", transport: "tcp", rcode: "REFUSED", flags: "qr rd", why: "outside our zones as well" },
  { qname: "example.test.", qtype: "AXFR", transport: "tcp", rd: false, edns: {}, rcode: "REFUSED", flags: "qr", opt: { version: 0, udpSize: 1232 } },
  { qname: "example.test.", qtype: "SOA", transport: "tcp", rcode: "NOERROR", flags: "qr aa rd", answer: ["example.test. 300 IN SOA ns1.example.test. hostmaster.example.test. 2026112401 3600 600 86400 60"], why: "other types pass" },
];

describe("xfr", () => testCases(chainUnderTest(), cases));
