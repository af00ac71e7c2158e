import { describe, expect, it } from "vitest";
import { buildEchoRequest, checksum, parseEchoReply } from "../src/index.js";

describe("ICMP packets", () => {
  it("builds an IPv4 header and echo request with valid checksums", () => {
    const p = buildEchoRequest("192.0.2.1", "198.51.100.7", 0xbeef, 42, 16);
    expect(p.length).toBe(44);
    expect(p[0]).toBe(0x45);
    expect([...p.subarray(12, 20)]).toEqual([192, 0, 2, 1, 198, 51, 100, 7]);
    expect(checksum(p, 0, 20)).toBe(0); // a correct checksum sums to zero
    expect(checksum(p, 20, 44)).toBe(0);
    expect(p[20]).toBe(8);
  });

  it("parses only echo replies, with the sender taken from the IP header", () => {
    const reply = buildEchoRequest("198.51.100.7", "192.0.2.1", 0xbeef, 42, 16);
    expect(parseEchoReply(reply)).toBeNull(); // type 8: our own request, seen by the raw socket
    reply[20] = 0;
    expect(parseEchoReply(reply)).toEqual({ from: "198.51.100.7", id: 0xbeef, seq: 42 });
    expect(parseEchoReply(reply.subarray(0, 24))).toBeNull();
  });

  it("checksums odd lengths (RFC 1071 example)", () => {
    const data = Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
    expect(checksum(data)).toBe(~0xddf2 & 0xffff);
    expect(checksum(Uint8Array.from([0xff]))).toBe(0x00ff);
  });
});
