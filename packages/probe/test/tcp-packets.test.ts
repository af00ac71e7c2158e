import { describe, expect, it } from "vitest";
import { buildTcpSyn, checksum, ipv4ToNumber, parseTcpSegment, type TcpSegmentInfo, tcpChecksumOf } from "../src/index.js";

// Computed independently (Python struct + RFC 1071 sum over the RFC 793 pseudo-header):
// 192.0.2.1:61000 -> 198.51.100.7:53, ISN 0x01020304, IP id 0x1234, DF, TTL 64, window 1024.
const VECTOR = "450000281234400040063c60c0000201c6336407ee480035010203040000000050020400cd220000";

describe("TCP SYN packets", () => {
  it("matches a known vector byte for byte (IPv4 and TCP checksums included)", () => {
    const p = buildTcpSyn("192.0.2.1", "198.51.100.7", 61000, 53, 0x01020304, 0x1234);
    expect(p.toString("hex")).toBe(VECTOR);
    expect(p.readUInt16BE(36)).toBe(0xcd22);
    expect(checksum(p, 0, 20)).toBe(0);
    expect(tcpChecksumOf(p)).toBe(0);
  });

  it("keeps checksums right across addresses, ports and ISNs (incl. the top bit set)", () => {
    for (const [src, dst, sp, dp, isn] of [
      ["203.0.113.1", "192.0.2.10", 61023, 53, 0xffffffff],
      ["127.0.0.1", "127.0.0.1", 65535, 1, 0],
      ["198.18.0.1", "192.0.2.254", 61000, 443, 0x80000001],
    ] as const) {
      const p = buildTcpSyn(src, dst, sp, dp, isn, 7);
      expect(checksum(p, 0, 20)).toBe(0);
      expect(tcpChecksumOf(p)).toBe(0);
      p.writeUInt8(p.readUInt8(30) ^ 1, 30); // a flipped bit is caught
      expect(tcpChecksumOf(p)).not.toBe(0);
    }
  });

  it("parses the fields the matcher uses, and rejects what is not IPv4 TCP", () => {
    const p = buildTcpSyn("198.51.100.7", "192.0.2.1", 53, 61000, 0, 1);
    p[33] = 0x12; // SYN+ACK
    p.writeUInt32BE(0x01020305, 28); // ack = ISN + 1
    const s: TcpSegmentInfo = { from: 0, to: 0, srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0 };
    expect(parseTcpSegment(p, s)).toBe(true);
    expect(s).toEqual({
      from: ipv4ToNumber("198.51.100.7"),
      to: ipv4ToNumber("192.0.2.1"),
      srcPort: 53,
      dstPort: 61000,
      seq: 0,
      ack: 0x01020305,
      flags: 0x12,
    });
    expect(ipv4ToNumber("255.255.255.255")).toBe(0xffffffff);
    expect(parseTcpSegment(p.subarray(0, 39), s)).toBe(false);
    p[9] = 17;
    expect(parseTcpSegment(p, s)).toBe(false);
  });
});
