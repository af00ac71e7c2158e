import { checksum, writeIpv4 } from "./packets.js";

const IPV4_HEADER = 20;
const TCP_HEADER = 20;
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

/**
 * The 20-octet TCP SYN segment at `tcp` (ack 0, data offset 5 words, no options, window 1024),
 * its checksum left zero: the caller sums it with its IP version's pseudo-header. `buf` is zeroed.
 */
export function writeSynSegment(buf: Buffer, tcp: number, srcPort: number, dstPort: number, isn: number): void {
  buf.writeUInt16BE(srcPort, tcp);
  buf.writeUInt16BE(dstPort, tcp + 2);
  buf.writeUInt32BE(isn >>> 0, tcp + 4);
  buf[tcp + 12] = (TCP_HEADER / 4) << 4;
  buf[tcp + 13] = TCP_SYN;
  buf.writeUInt16BE(1024, tcp + 14);
}

/**
 * IPv4 header + TCP SYN (no options, window 1024): the half-open probe. We write the IPv4 header
 * (IP_HDRINCL) so the source is the provider's address; the TCP checksum covers the RFC 793
 * pseudo-header (source, destination, zero, protocol 6, TCP length), so it is computed after both
 * addresses are in place. No options: the reply's SYN-ACK or RST is all we want.
 */
export function buildTcpSyn(src: string, dst: string, srcPort: number, dstPort: number, isn: number, ipId: number, ttl = 64): Buffer {
  const total = IPV4_HEADER + TCP_HEADER;
  // The pseudo-header is built in the 12 bytes before the TCP header (ttl..dst of the IP header),
  // summed with the segment, then the IP header is written over it: no second buffer per probe.
  const buf = Buffer.allocUnsafe(total).fill(0);
  writeIpv4(buf, 8, src);
  writeIpv4(buf, 12, dst);
  // buf[16..19] are the pseudo-header's zero, protocol, length; TCP starts at 20.
  buf[17] = 6;
  buf.writeUInt16BE(TCP_HEADER, 18);
  const tcp = IPV4_HEADER;
  writeSynSegment(buf, tcp, srcPort, dstPort, isn);
  buf.writeUInt16BE(checksum(buf, 8, total), tcp + 16);
  buf.fill(0, 0, IPV4_HEADER);
  buf[0] = 0x45;
  buf.writeUInt16BE(total, 2);
  buf.writeUInt16BE(ipId & 0xffff, 4);
  buf.writeUInt16BE(0x4000, 6); // DF
  buf[8] = ttl;
  buf[9] = 6; // TCP
  writeIpv4(buf, 12, src);
  writeIpv4(buf, 16, dst);
  buf.writeUInt16BE(checksum(buf, 0, IPV4_HEADER), 10);
  return buf;
}

/** TCP checksum of an IPv4 datagram's segment over the pseudo-header; 0 when the stored one is right. */
export function tcpChecksumOf(ipPacket: Uint8Array): number {
  const ihl = (ipPacket[0]! & 0x0f) * 4;
  const len = ipPacket.length - ihl;
  const pseudo = new Uint8Array(12 + len);
  pseudo.set(ipPacket.subarray(12, 20), 0);
  pseudo[9] = 6;
  pseudo[10] = len >> 8;
  pseudo[11] = len & 0xff;
  pseudo.set(ipPacket.subarray(ihl), 12);
  return checksum(pseudo);
}

export interface TcpSegmentInfo {
  from: number;
  to: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
}

/**
 * The fields of a TCP segment in a raw IPv4 datagram (IP header included) that the SYN prober
 * matches on, written into `out` (no object per packet: every TCP segment of the host passes here);
 * false when it is not IPv4 TCP or too short. Addresses as 32-bit unsigned numbers.
 */
export function parseTcpSegment(buf: Uint8Array, out: TcpSegmentInfo): boolean {
  if (buf.length < IPV4_HEADER + TCP_HEADER || buf[0]! >> 4 !== 4 || buf[9] !== 6) return false;
  const ihl = (buf[0]! & 0x0f) * 4;
  if (buf.length < ihl + TCP_HEADER) return false;
  out.from = u32(buf, 12);
  out.to = u32(buf, 16);
  out.srcPort = (buf[ihl]! << 8) | buf[ihl + 1]!;
  out.dstPort = (buf[ihl + 2]! << 8) | buf[ihl + 3]!;
  out.seq = u32(buf, ihl + 4);
  out.ack = u32(buf, ihl + 8);
  out.flags = buf[ihl + 13]!;
  return true;
}

const octets = new Uint8Array(4); // ipv4ToNumber's scratch: no allocation per probe
const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/** Dotted quad as a 32-bit unsigned number (caller checked it is IPv4). */
export function ipv4ToNumber(address: string): number {
  writeIpv4(octets, 0, address);
  return u32(octets, 0);
}
