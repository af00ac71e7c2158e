import { describe } from "vitest";
import { type Case, chainUnderTest, testCases } from "../../../test/case.js";

// Zones are served in class IN only. QCLASS ANY (RFC 1035 3.2.5) is answered as IN, as Knot
// does; every other class is REFUSED without looking at the name.
const www = "www.example.test. 300 IN A 192.0.2.10";
const cases: Case[] = [
  { qname: "www.example.test.", qclass: "HS", rcode: "REFUSED", flags: "qr rd" },
  { qname: "www.example.test.", qclass: "CLASS42", rcode: "REFUSED", flags: "qr rd" },
  { qname: "www.example.test.", qclass: "NONE", rcode: "REFUSED", flags: "qr rd" },
  {
    qname: "www.example.test.",
    qclass: "HS",
    edns: {},
    rcode: "REFUSED",
    flags: "qr rd",
    opt: { options: [] },
    why: "no EDE: not a question of authority",
  },
  { qname: "www.example.test.", qclass: "ANY", rcode: "NOERROR", flags: "qr aa rd", answer: [www], why: "answered as IN" },
  { qname: "nowhere.test.", qclass: "ANY", rcode: "REFUSED", flags: "qr rd" },
  { qname: "www.example.test.", rcode: "NOERROR", flags: "qr aa rd", answer: [www] },
];

describe("class", () => testCases(chainUnderTest(), cases));
