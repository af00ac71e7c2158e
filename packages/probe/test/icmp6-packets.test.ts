import { describe, expect, it } from "vitest";
import { buildEchoRequest6, parseEchoReply6 } from "../src/icmp6-packets.js";
import { checksum } from "../src/packets.js";

/** The ICMPv6 checksum recomputed the RFC 8200 way from the packet: 0 when the packet's is right. */
function verify(packet: Buffer): number {
  const length = packet.length - 40;
  const pseudo = Buffer.alloc(40 + length);
  packet.copy(pseudo, 0, 8, 40); // source, destination
  pseudo.writeUInt32BE(length, 32);
  pseudo[39] = 58;
  packet.copy(pseudo, 40, 40);
  return checksum(pseudo);
}

describe("ICMPv6 echo packets", () => {
  it("builds an IPv6 header with our source and a checksum over the pseudo-header", () => {
    for (const [src, dst, id, seq] of [
      ["2001:db8:1::1", "2001:db8:100::10", 0x1234, 1],
      ["::1", "::1", 0xffff, 0xffff],
      ["fe80::1", "2001:db8:ffff:ffff:ffff:ffff:ffff:fffe", 0, 0],
    ] as const) {
      const p = buildEchoRequest6(src, dst, id, seq, 16);
      expect(p.length).toBe(40 + 8 + 16);
      expect(p[0]! >> 4).toBe(6);
      expect(p.readUInt16BE(4)).toBe(24);
      expect(p[6]).toBe(58);
      expect(p[40]).toBe(128);
      expect(p.readUInt16BE(44)).toBe(id);
      expect(p.readUInt16BE(46)).toBe(seq);
      expect(verify(p)).toBe(0);
    }
  });

  it("parses an echo reply (type 129) and nothing else", () => {
    const reply = Buffer.from([129, 0, 0, 0, 0x12, 0x34, 0, 7]);
    expect(parseEchoReply6(reply)).toEqual({ id: 0x1234, seq: 7 });
    expect(parseEchoReply6(Buffer.from([128, 0, 0, 0, 0x12, 0x34, 0, 7]))).toBeNull(); // a request
    expect(parseEchoReply6(Buffer.from([135, 0, 0, 0, 0, 0, 0, 0]))).toBeNull(); // neighbour solicitation
    expect(parseEchoReply6(reply.subarray(0, 7))).toBeNull();
  });

  it("refuses what is not an IPv6 pair", () => {
    expect(() => buildEchoRequest6("192.0.2.1", "::1", 1, 1, 0)).toThrow(/not an IPv6 address pair/);
  });
});
