import { parseIPv6Into } from "@dnsteer/net";
import { ProbeError } from "./errors.js";
import { checksum } from "./packets.js";
import { type TcpSegmentInfo, writeSynSegment } from "./tcp-packets.js";

const IPV6_HEADER = 40;
const TCP_HEADER = 20;
const PSEUDO_HEADER = 40;

/**
 * IPv6 header + TCP SYN (no options, window 1024): the half-open probe over IPv6. Sent on a raw
 * socket with IPV6_HDRINCL, so the source is the provider's address whatever else its link
 * carries (raw-icmp.ts). The TCP checksum covers the IPv6 pseudo-header (RFC 8200 8.1: source,
 * destination, upper-layer length, three zero bytes, next header 6). The pseudo-header is built
 * in the bytes the IPv6 header will occupy, summed with the segment, then overwritten by the
 * header: one buffer per probe.
 */
export function buildTcpSyn6(src: string, dst: string, srcPort: number, dstPort: number, isn: number, hopLimit = 64): Buffer {
  const buf = Buffer.allocUnsafe(IPV6_HEADER + TCP_HEADER).fill(0);
  if (!parseIPv6Into(src, buf, 0) || !parseIPv6Into(dst, buf, 16)) {
    throw new ProbeError("BAD_ADDRESS", `not an IPv6 address pair: ${JSON.stringify(src)} -> ${JSON.stringify(dst)}`);
  }
  buf.writeUInt32BE(TCP_HEADER, 32); // upper-layer length; bytes 36..38 zero
  buf[39] = 6;
  const tcp = IPV6_HEADER;
  writeSynSegment(buf, tcp, srcPort, dstPort, isn);
  buf.writeUInt16BE(checksum(buf, 0, PSEUDO_HEADER + TCP_HEADER), tcp + 16);
  // The pseudo-header sat where the IPv6 header goes: move the addresses to offsets 8 and 24.
  buf.copyWithin(24, 16, 32);
  buf.copyWithin(8, 0, 16);
  buf.writeUInt32BE(0x60000000, 0); // version 6, traffic class 0, flow label 0
  buf.writeUInt16BE(TCP_HEADER, 4);
  buf[6] = 6; // next header: TCP
  buf[7] = hopLimit;
  return buf;
}

/** TCP checksum of an IPv6 packet's segment (header included, no extension headers); 0 when right. */
export function tcp6ChecksumOf(ipPacket: Uint8Array): number {
  const len = ipPacket.length - IPV6_HEADER;
  const pseudo = new Uint8Array(PSEUDO_HEADER + len);
  pseudo.set(ipPacket.subarray(8, 40), 0);
  pseudo[32] = len >>> 24;
  pseudo[33] = (len >>> 16) & 0xff;
  pseudo[34] = (len >>> 8) & 0xff;
  pseudo[35] = len & 0xff;
  pseudo[39] = 6;
  pseudo.set(ipPacket.subarray(IPV6_HEADER), PSEUDO_HEADER);
  return checksum(pseudo);
}

/**
 * The ports, sequence numbers and flags of a TCP segment as a raw IPv6 socket delivers it (no IP
 * header: the kernel strips it; the sender comes from recvfrom). `from`/`to` are left as they are.
 * False when too short.
 */
export function parseTcpSegment6(buf: Uint8Array, out: TcpSegmentInfo): boolean {
  if (buf.length < TCP_HEADER) return false;
  out.srcPort = (buf[0]! << 8) | buf[1]!;
  out.dstPort = (buf[2]! << 8) | buf[3]!;
  out.seq = ((buf[4]! << 24) | (buf[5]! << 16) | (buf[6]! << 8) | buf[7]!) >>> 0;
  out.ack = ((buf[8]! << 24) | (buf[9]! << 16) | (buf[10]! << 8) | buf[11]!) >>> 0;
  out.flags = buf[13]!;
  return true;
}
