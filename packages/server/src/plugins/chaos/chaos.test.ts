import { describe } from "vitest";
import { type Case, chainUnderTest, testCases } from "../../../test/case.js";

// CHAOS-class TXT identity queries (the BIND convention, RFC 4892 for id.server). Hidden by
// default: every CH query is REFUSED until the settings give a version or an identity.
const ch = (qname: string, qtype = "TXT"): Pick<Case, "qname" | "qclass" | "qtype"> => ({ qname, qclass: "CH", qtype });
const refused = { rcode: "REFUSED", flags: "qr rd" } as const;

const hidden: Case[] = [
  { ...ch("version.bind."), ...refused, why: "hidden by default" },
  { ...ch("version.server."), ...refused },
  { ...ch("id.server."), ...refused },
  { ...ch("hostname.bind."), edns: {}, ...refused, opt: { options: [] } },
];

const shown: Case[] = [
  { ...ch("version.bind."), rcode: "NOERROR", flags: "qr aa rd", answer: ['version.bind. 0 CH TXT "dnsteer 0.1"'] },
  {
    ...ch("VERSION.Bind."),
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: ['version.bind. 0 CH TXT "dnsteer 0.1"'],
    why: "the client's case is echoed in the question",
  },
  { ...ch("version.server."), rcode: "NOERROR", flags: "qr aa rd", answer: ['version.server. 0 CH TXT "dnsteer 0.1"'] },
  { ...ch("id.server."), rcode: "NOERROR", flags: "qr aa rd", answer: ['id.server. 0 CH TXT "edge-1"'] },
  {
    ...ch("hostname.bind."),
    edns: {},
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: ['hostname.bind. 0 CH TXT "edge-1"'],
    opt: { udpSize: 1232 },
  },
  { ...ch("version.bind.", "ANY"), rcode: "NOERROR", flags: "qr aa rd", answer: ['version.bind. 0 CH TXT "dnsteer 0.1"'] },
  { ...ch("version.bind."), transport: "tcp", rcode: "NOERROR", flags: "qr aa rd", answer: ['version.bind. 0 CH TXT "dnsteer 0.1"'] },
  { ...ch("version.bind.", "A"), ...refused, why: "only TXT (and ANY)" },
  { ...ch("authors.bind."), ...refused, why: "names we do not answer" },
  { ...ch("www.example.test.", "A"), ...refused, why: "zone data is class IN only" },
  { qname: "version.bind.", qtype: "TXT", ...refused, why: "class IN: an ordinary name outside our zones" },
];

describe("chaos, hidden (default settings)", () => testCases(chainUnderTest(), hidden));
describe("chaos, version and identity set", () =>
  testCases(chainUnderTest({ settings: { chaos: { version: "dnsteer 0.1", identity: "edge-1" } } }), shown));
