import { isIPv4, isIPv6 } from "node:net";
import type { EcsOption } from "dns2";
import { EdnsOption } from "../constants.js";
import { decodeClientSubnet, type ClientSubnet } from "../edns.js";
import { WireError } from "../errors.js";
import { ipv4FromBytes, ipv4ToBytes, ipv6FromBytes, ipv6ToBytes } from "../rdata/ip.js";

/**
 * ECS option data from any message. `decodeClientSubnet` is the query-side check (scope must
 * be 0); a response carries the server's scope, so the scope byte is checked here instead.
 * Everything else (family, prefix, octet count, bits past the prefix) is the same RFC 7871 6.
 */
export function readSubnet(data: Uint8Array): ClientSubnet {
  const probe = Uint8Array.from(data);
  if (probe.length >= 4) probe[3] = 0;
  const ecs = decodeClientSubnet(probe);
  if (typeof ecs === "string") throw new WireError("BAD_RDATA", `EDNS Client Subnet: ${ecs}`);
  const scopePrefix = data[3]!;
  if (scopePrefix > (ecs.family === 1 ? 32 : 128)) throw new WireError("BAD_RDATA", "EDNS Client Subnet: scope prefix longer than the address");
  return { ...ecs, scopePrefix, address: data.subarray(4) };
}

/** dns2's ECS shape, with the family as received and the address zero-filled to full length. */
export function subnetToDns2(ecs: ClientSubnet): EcsOption {
  const full = new Uint8Array(ecs.family === 1 ? 4 : 16);
  full.set(ecs.address);
  const ip = ecs.family === 1 ? ipv4FromBytes(full) : ipv6FromBytes(full);
  return { ednsCode: EdnsOption.ECS, family: ecs.family, sourcePrefixLength: ecs.sourcePrefix, scopePrefixLength: ecs.scopePrefix, ip };
}

/**
 * A dns2 ECS option to wire data. The family comes from the address text, because dns2's own
 * `EDNS.ECS("2001:db8::/48")` says family 1; bits past the prefix are zeroed (RFC 7871 6),
 * which dns2's encoder does not do.
 */
export function subnetFromDns2(o: EcsOption): Uint8Array {
  const ip = o.ip ?? "";
  const family = isIPv6(ip) ? 2 : isIPv4(ip) ? 1 : 0;
  if (family === 0) throw new WireError("BAD_RDATA", `EDNS Client Subnet: "${ip}" is not an IP address`);
  const bytes = family === 1 ? ipv4ToBytes(ip, "ECS address") : ipv6ToBytes(ip, "ECS address");
  const bits = bytes.length * 8;
  if (!(o.sourcePrefixLength >= 0 && o.sourcePrefixLength <= bits) || !(o.scopePrefixLength >= 0 && o.scopePrefixLength <= bits)) {
    throw new WireError("BAD_RDATA", `EDNS Client Subnet: prefix lengths ${o.sourcePrefixLength}/${o.scopePrefixLength} do not fit a ${bits}-bit address`);
  }
  const octets = Math.ceil(o.sourcePrefixLength / 8);
  const out = new Uint8Array(4 + octets);
  out[1] = family;
  out[2] = o.sourcePrefixLength;
  out[3] = o.scopePrefixLength;
  out.set(bytes.subarray(0, octets), 4);
  const spare = octets * 8 - o.sourcePrefixLength;
  if (spare > 0) out[3 + octets] = out[3 + octets]! & (0xff << spare);
  return out;
}
