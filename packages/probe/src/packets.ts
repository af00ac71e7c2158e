import { parseIPv4Into } from "@dnsteer/net";
import { ProbeError } from "./errors.js";

/** Internet checksum (RFC 1071) over buf[start, end). */
export function checksum(buf: Uint8Array, start = 0, end = buf.length): number {
  let sum = 0;
  for (let i = start; i + 1 < end; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if ((end - start) % 2 === 1) sum += buf[end - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const IPV4_HEADER = 20;
const ICMP_HEADER = 8;
export const ICMP_ECHO_REPLY = 0;
export const ICMP_ECHO_REQUEST = 8;

/** Dotted quad into 4 bytes, allocation-free (@dnsteer/net): this runs for every probe (garbage = GC pauses = RTT error). */
export function writeIpv4(buf: Uint8Array, offset: number, address: string): void {
  if (!parseIPv4Into(address, buf, offset)) throw new ProbeError("BAD_ADDRESS", `not an IPv4 address: ${JSON.stringify(address)}`);
}

/**
 * IPv4 header + ICMP echo request. We write the header ourselves (IP_HDRINCL) because raw-socket
 * has no bind: the source field is the only way to make the reply come back via the provider.
 */
export function buildEchoRequest(src: string, dst: string, id: number, seq: number, payloadBytes: number, ttl = 64): Buffer {
  const total = IPV4_HEADER + ICMP_HEADER + payloadBytes;
  // From Node's shared pool (no ArrayBuffer per probe); every byte is written below or zeroed here.
  const buf = Buffer.allocUnsafe(total).fill(0);
  buf[0] = 0x45; // version 4, IHL 5
  buf.writeUInt16BE(total, 2);
  buf.writeUInt16BE(seq, 4); // IP id; Linux keeps a nonzero one
  buf.writeUInt16BE(0x4000, 6); // DF: probes are small, fragments would only confuse
  buf[8] = ttl;
  buf[9] = 1; // ICMP
  writeIpv4(buf, 12, src);
  writeIpv4(buf, 16, dst);
  buf.writeUInt16BE(checksum(buf, 0, IPV4_HEADER), 10);
  const icmp = IPV4_HEADER;
  buf[icmp] = ICMP_ECHO_REQUEST;
  buf.writeUInt16BE(id, icmp + 4);
  buf.writeUInt16BE(seq, icmp + 6);
  buf.writeUInt16BE(checksum(buf, icmp, total), icmp + 2);
  return buf;
}

export interface EchoReply {
  from: string;
  id: number;
  seq: number;
}

/** An echo reply from a raw IPv4 ICMP socket's datagram (IP header included), else null. */
export function parseEchoReply(buf: Buffer): EchoReply | null {
  if (buf.length < IPV4_HEADER + ICMP_HEADER || buf[0]! >> 4 !== 4) return null;
  const ihl = (buf[0]! & 0x0f) * 4;
  if (buf.length < ihl + ICMP_HEADER || buf[ihl] !== ICMP_ECHO_REPLY || buf[ihl + 1] !== 0) return null;
  return {
    from: `${buf[12]}.${buf[13]}.${buf[14]}.${buf[15]}`,
    id: buf.readUInt16BE(ihl + 4),
    seq: buf.readUInt16BE(ihl + 6),
  };
}
