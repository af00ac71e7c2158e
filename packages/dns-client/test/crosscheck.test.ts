import {
  decodeMessage,
  encodeResponse,
  type MXData,
  parseQuery,
  type Query,
  type RR,
  type RRsetLike,
  rdataFromText,
  type SOAData,
  type SRVData,
  type TXTData,
} from "@dnsteer/wire";
import { buildQuery, tok } from "@dnsteer/wire/testing";
import type { Resource } from "dns2";
import { describe, expect, it } from "vitest";
import { decodeWithDns2 } from "../src/index.js";

// dns2 as an independent decoder of what our encoder writes: dns2's own fields (not the
// `typed` rdata the adapter adds) must match what our decodeMessage reads from the same bytes.

const ORIGIN = "example.test.";
const set = (name: string, type: number, ttl: number, ...texts: string[]): RRsetLike => ({
  name,
  type,
  class: 1,
  ttl,
  rdata: texts.map((t) => rdataFromText(type, tok(t), ORIGIN)),
});

/** One record as comparable plain data, from dns2's field names... */
function fromDns2(r: Resource): unknown {
  const n = (s: string | undefined) => (s ?? "").toLowerCase() + ".";
  const rdata = (() => {
    switch (r.type) {
      case 1:
      case 28:
        return r.address;
      case 2:
        return n(r.ns);
      case 5:
        return n(r.domain);
      case 15:
        return [r.priority, n(r.exchange)];
      case 16:
        return r.data;
      case 6:
        return [n(r.primary), n(r.admin), r.serial, r.refresh, r.retry, r.expiration, r.minimum];
      case 33:
        return [r.priority, r.weight, r.port, n(r.target)];
      default:
        throw new Error(`no mapping for type ${r.type}`);
    }
  })();
  return [n(r.name), r.type, r.class, r.ttl, rdata];
}

/** ...and from ours. */
function fromOurs(r: RR): unknown {
  const d = r.data as never;
  const rdata = (() => {
    switch (r.type) {
      case 1:
      case 28:
        return (d as { address: string }).address;
      case 2:
      case 5:
        return (d as { target: string }).target;
      case 15:
        return [(d as MXData).preference, (d as MXData).exchange];
      case 16:
        return (d as TXTData).strings.map((s) => Buffer.from(s).toString("utf8"));
      case 6: {
        const s = d as SOAData;
        return [s.mname, s.rname, s.serial, s.refresh, s.retry, s.expire, s.minimum];
      }
      case 33: {
        const s = d as SRVData;
        return [s.priority, s.weight, s.port, s.target];
      }
      default:
        throw new Error(`no mapping for type ${r.type}`);
    }
  })();
  return [r.name, r.type, r.class, r.ttl, rdata];
}

function respond(qname: string, qtype: number, answer: RRsetLike[], authority: RRsetLike[], additional: RRsetLike[], rcode = 0): Buffer {
  const request = buildQuery({ name: qname, qtype });
  return encodeResponse(request, parseQuery(request) as Query, { rcode, aa: true, answer, authority, additional }, 65535);
}

function expectSameDecode(msg: Buffer): void {
  const ours = decodeMessage(msg);
  const theirs = decodeWithDns2(msg);
  expect(theirs.header.rcode).toBe(ours.rcode);
  expect(theirs.header.aa).toBe(1);
  expect(theirs.answers.map(fromDns2)).toEqual(ours.answer.map(fromOurs));
  expect(theirs.authorities.map(fromDns2)).toEqual(ours.authority.map(fromOurs));
  expect(theirs.additionals.filter((r) => r.type !== 41).map(fromDns2)).toEqual(ours.additional.map(fromOurs));
  expect(theirs.answers.length + theirs.authorities.length + theirs.additionals.length).toBeGreaterThan(0);
}

describe("our encodeResponse, decoded by dns2 and by decodeMessage", () => {
  it("A and AAAA answers with NS authority and glue", () => {
    expectSameDecode(
      respond(
        "www.example.test.",
        1,
        [set("www.example.test.", 1, 300, "192.0.2.1", "192.0.2.2"), set("www.example.test.", 28, 300, "2001:db8::1", "2001:db8:0:1::2")],
        [set("example.test.", 2, 86400, "ns1", "ns2.other.test.")],
        [set("ns1.example.test.", 1, 3600, "192.0.2.53"), set("ns1.example.test.", 28, 3600, "2001:db8::53")],
      ),
    );
  });

  it("CNAME chain, MX and SRV with compressed and uncompressed targets", () => {
    expectSameDecode(
      respond(
        "alias.example.test.",
        15,
        [set("alias.example.test.", 5, 60, "mail.example.test."), set("mail.example.test.", 15, 120, "10 mx1", "20 mx2.other.test.")],
        [],
        [set("_sip._udp.example.test.", 33, 600, "0 5 5060 sip", "10 0 5061 sip2.other.test.")],
      ),
    );
  });

  it("TXT with several strings, an empty one and one of 255 octets", () => {
    expectSameDecode(
      respond("txt.example.test.", 16, [set("txt.example.test.", 16, 30, '"v=spf1 -all"', '"a" "" "b c"', `"${"y".repeat(255)}"`)], [], []),
    );
  });

  it("an OPT with NSID data and an ECS scope, which decodeMessage's query-side option check stops at", () => {
    const request = buildQuery({ name: "www.example.test." });
    const clientSubnet = { family: 2 as const, sourcePrefix: 56, scopePrefix: 48, address: Uint8Array.from([0x20, 1, 0xd, 0xb8, 0, 1, 2]) };
    const msg = encodeResponse(
      request,
      parseQuery(request) as Query,
      { rcode: 0, aa: true, answer: [set("www.example.test.", 1, 60, "192.0.2.1")], authority: [], additional: [] },
      1232,
      { udpSize: 1232, extendedRcode: 0, dnssecOk: false, nsid: Buffer.from("ns1"), clientSubnet },
    );
    expectSameDecode(msg);
    const edns = decodeWithDns2(msg).edns!;
    expect(edns.options.map((o) => o.code)).toEqual([3, 8]);
    expect({ ...edns.clientSubnet, address: [...edns.clientSubnet!.address] }).toEqual({
      ...clientSubnet,
      address: [...clientSubnet.address],
    });
  });

  it("NXDOMAIN with the SOA in authority", () => {
    expectSameDecode(
      respond("nope.example.test.", 1, [], [set("example.test.", 6, 300, "ns1 hostmaster 2024010101 3600 900 604800 300")], [], 3),
    );
  });
});
