import { describe, expect, it } from "vitest";
import { encodeResponse, parseQuery, type Query, type RRsetLike } from "../src/index.js";
import { buildQuery } from "./build-query.js";

/** encodeResponse never throws for size: what does not fit is left out with TC (issue 11). */
const TXT = 16;
const msg = buildQuery({ name: "alias.example.test.", qtype: TXT });
const query = parseQuery(msg) as Query;

// Alone, the set fills a message exactly: header 12, question 24 ("alias.example.test." + 4), the
// first owner written out (37-octet label + pointer: 39), then 252 owners as pointers; records of
// 12 + 246 octets and a last one of 12 + 176 make 65535. Behind a CNAME (51 octets, after which
// every owner is a pointer) it is 14 octets too many.
const string = (i: number, n: number) => Uint8Array.from(Buffer.from(`${i}`.padStart(n, "x")));
const big: RRsetLike = {
  name: "target-with-a-rather-long-owner-name.example.test.",
  type: TXT,
  class: 1,
  ttl: 60,
  rdata: [...Array.from({ length: 253 }, (_, i) => ({ strings: [string(i, 245)] })), { strings: [string(253, 175)] }],
};
const cname: RRsetLike = { name: "alias.example.test.", type: 5, class: 1, ttl: 60, rdata: [{ target: big.name }] };

describe("encodeResponse at the 65535-octet ceiling", () => {
  it("an answer that would pass 65535 octets gets TC and what fitted, not an exception", () => {
    const out = encodeResponse(msg, query, { rcode: 0, aa: true, answer: [cname, big], authority: [], additional: [] }, 65535);
    expect(out.readUInt16BE(2) & 0x0200).toBe(0x0200);
    expect(out.readUInt16BE(6)).toBe(1); // the CNAME
    expect(out.length).toBeLessThanOrEqual(65535);
  });

  it("the same RRset alone fits and is written whole", () => {
    const out = encodeResponse(msg, query, { rcode: 0, aa: true, answer: [big], authority: [], additional: [] }, 65535);
    expect(out.readUInt16BE(2) & 0x0200).toBe(0);
    expect(out.readUInt16BE(6)).toBe(254);
    expect(out.length).toBe(65535);
  });
});
