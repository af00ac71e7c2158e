import { isIP } from "node:net";
import { MeasureError } from "./errors.js";

export interface Ip { family: 4 | 6; value: bigint }
export interface Cidr extends Ip { length: number; text: string }

/** An address as a number, so prefix tests are one shift and compare. */
export function parseIp(address: string): Ip {
  const family = isIP(address);
  if (family === 4) return { family, value: v4ToBigInt(address) };
  if (family === 6) return { family, value: v6ToBigInt(address) };
  throw new MeasureError("BAD_PREFIX", `not an IP address: ${JSON.stringify(address)}`);
}

/** "192.0.2.0/24", "2001:db8::/32", or a bare address (a host prefix). Host bits must be zero. */
export function parseCidr(text: string): Cidr {
  const [addr = "", len] = text.split("/");
  const ip = parseIp(addr);
  const max = ip.family === 4 ? 32 : 128;
  const length = len === undefined ? max : Number(len);
  if (!Number.isInteger(length) || length < 0 || length > max || (len !== undefined && !/^\d+$/.test(len))) {
    throw new MeasureError("BAD_PREFIX", `bad prefix length in ${JSON.stringify(text)}`);
  }
  if (ip.value & hostMask(ip.family, length)) throw new MeasureError("BAD_PREFIX", `${text} has host bits set`);
  return { ...ip, length, text };
}

export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  if (cidr.family !== ip.family) return false;
  return (ip.value & ~hostMask(cidr.family, cidr.length)) === cidr.value;
}

function hostMask(family: 4 | 6, length: number): bigint {
  const bits = BigInt((family === 4 ? 32 : 128) - length);
  return (1n << bits) - 1n;
}

function v4ToBigInt(address: string): bigint {
  return address.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6ToBigInt(address: string): bigint {
  let text = address.split("%")[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = v4ToBigInt(dotted[1]!);
    text = text.slice(0, -dotted[1]!.length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}
