import { parseIPv6Into } from "@dnsteer/net";
import { ProbeError } from "./errors.js";
import { checksum } from "./packets.js";

const IPV6_HEADER = 40;
const ICMP_HEADER = 8;
export const ICMPV6_ECHO_REQUEST = 128;
export const ICMPV6_ECHO_REPLY = 129;

/**
 * IPv6 header + ICMPv6 echo request, for a raw ICMPv6 socket with IPV6_HDRINCL (the source is the
 * provider's address, as for the IPv6 SYN). With HDRINCL the kernel does not fill in the ICMPv6
 * checksum, so it is ours: over the RFC 8200 pseudo-header (next header 58), built where the IPv6
 * header goes and then overwritten by it, as in tcp6-packets.ts.
 */
export function buildEchoRequest6(src: string, dst: string, id: number, seq: number, payloadBytes: number, hopLimit = 64): Buffer {
  const length = ICMP_HEADER + payloadBytes;
  const buf = Buffer.allocUnsafe(IPV6_HEADER + length).fill(0);
  if (!parseIPv6Into(src, buf, 0) || !parseIPv6Into(dst, buf, 16)) {
    throw new ProbeError("BAD_ADDRESS", `not an IPv6 address pair: ${JSON.stringify(src)} -> ${JSON.stringify(dst)}`);
  }
  buf.writeUInt32BE(length, 32);
  buf[39] = 58;
  const icmp = IPV6_HEADER;
  buf[icmp] = ICMPV6_ECHO_REQUEST;
  buf.writeUInt16BE(id, icmp + 4);
  buf.writeUInt16BE(seq, icmp + 6);
  buf.writeUInt16BE(checksum(buf, 0, IPV6_HEADER + length), icmp + 2);
  buf.copyWithin(24, 16, 32);
  buf.copyWithin(8, 0, 16);
  buf.writeUInt32BE(0x60000000, 0);
  buf.writeUInt16BE(length, 4);
  buf[6] = 58; // next header: ICMPv6
  buf[7] = hopLimit;
  return buf;
}

/** Identifier and sequence of an echo reply as a raw ICMPv6 socket delivers it (no IP header), else null. */
export function parseEchoReply6(buf: Uint8Array): { id: number; seq: number } | null {
  if (buf.length < ICMP_HEADER || buf[0] !== ICMPV6_ECHO_REPLY || buf[1] !== 0) return null;
  return { id: (buf[4]! << 8) | buf[5]!, seq: (buf[6]! << 8) | buf[7]! };
}
