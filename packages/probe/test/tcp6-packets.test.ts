import { describe, expect, it } from "vitest";
import type { TcpSegmentInfo } from "../src/index.js";
import { buildTcpSyn6, parseTcpSegment6, tcp6ChecksumOf } from "../src/tcp6-packets.js";

// Computed independently (Python struct + RFC 1071 sum over the RFC 8200 pseudo-header):
// [2001:db8:1::1]:61000 -> [2001:db8:100::10]:53, ISN 0x01020304, hop limit 64, window 1024.
const VECTOR = "600000000014064020010db800010000000000000000000120010db8010000000000000000000010ee4800350102030400000000500204005cdb0000";

describe("TCP SYN packets over IPv6", () => {
  it("matches a known vector byte for byte (the TCP checksum over the IPv6 pseudo-header included)", () => {
    const p = buildTcpSyn6("2001:db8:1::1", "2001:db8:100::10", 61000, 53, 0x01020304);
    expect(p.toString("hex")).toBe(VECTOR);
    expect(tcp6ChecksumOf(p)).toBe(0);
  });

  it("keeps the checksum right across addresses, ports and ISNs; a flipped bit is caught", () => {
    for (const [src, dst, sp, dp, isn] of [
      ["::1", "::1", 65535, 1, 0xffffffff],
      ["2001:db8:3::1", "2001:db8:1ff::ffff:1", 61000, 443, 0x80000001],
      ["fe80::1", "2001:db8::", 1, 65535, 0],
    ] as const) {
      const p = buildTcpSyn6(src, dst, sp, dp, isn);
      expect(p.length).toBe(60);
      expect(tcp6ChecksumOf(p)).toBe(0);
      p[45] = p[45]! ^ 1;
      expect(tcp6ChecksumOf(p)).not.toBe(0);
    }
  });

  it("refuses what is not an IPv6 address", () => {
    expect(() => buildTcpSyn6("192.0.2.1", "2001:db8::1", 1, 2, 3)).toThrow(expect.objectContaining({ code: "BAD_ADDRESS" }));
  });

  it("parses a segment as a raw IPv6 socket delivers it (no IP header)", () => {
    const segment = Buffer.from(buildTcpSyn6("2001:db8:100::10", "2001:db8:1::1", 53, 61000, 7).subarray(40));
    segment[13] = 0x12;
    segment.writeUInt32BE(0x01020305, 8);
    const s: TcpSegmentInfo = { from: 0, to: 0, srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0 };
    expect(parseTcpSegment6(segment, s)).toBe(true);
    expect(s).toMatchObject({ srcPort: 53, dstPort: 61000, seq: 7, ack: 0x01020305, flags: 0x12 });
    expect(parseTcpSegment6(segment.subarray(0, 19), s)).toBe(false);
  });
});
