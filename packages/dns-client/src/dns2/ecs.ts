import { formatAddress, maskInPlace, parseAddressInto } from "@dnsteer/net";
import { type ClientSubnet, decodeClientSubnet, EdnsOption, WireError } from "@dnsteer/wire";
import type { EcsOption } from "dns2";

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
  if (scopePrefix > (ecs.family === 1 ? 32 : 128))
    throw new WireError("BAD_RDATA", "EDNS Client Subnet: scope prefix longer than the address");
  return { ...ecs, scopePrefix, address: data.subarray(4) };
}

/** dns2's ECS shape, with the family as received and the address zero-filled to full length. */
export function subnetToDns2(ecs: ClientSubnet): EcsOption {
  const full = new Uint8Array(ecs.family === 1 ? 4 : 16);
  full.set(ecs.address);
  const ip = formatAddress(full);
  return { ednsCode: EdnsOption.ECS, family: ecs.family, sourcePrefixLength: ecs.sourcePrefix, scopePrefixLength: ecs.scopePrefix, ip };
}

/**
 * A dns2 ECS option to wire data. The family comes from the address text, because dns2's own
 * `EDNS.ECS("2001:db8::/48")` says family 1; bits past the prefix are zeroed (RFC 7871 6),
 * which dns2's encoder does not do.
 */
export function subnetFromDns2(o: EcsOption): Uint8Array {
  const ip = o.ip ?? "";
  const bytes = new Uint8Array(16);
  const parsed = parseAddressInto(ip, bytes);
  if (parsed === 0) throw new WireError("BAD_RDATA", `EDNS Client Subnet: "${ip}" is not an IP address`);
  const family = parsed === 4 ? 1 : 2;
  const bits = parsed === 4 ? 32 : 128;
  if (!(o.sourcePrefixLength >= 0 && o.sourcePrefixLength <= bits) || !(o.scopePrefixLength >= 0 && o.scopePrefixLength <= bits)) {
    throw new WireError(
      "BAD_RDATA",
      `EDNS Client Subnet: prefix lengths ${o.sourcePrefixLength}/${o.scopePrefixLength} do not fit a ${bits}-bit address`,
    );
  }
  const octets = Math.ceil(o.sourcePrefixLength / 8);
  const out = new Uint8Array(4 + octets);
  out[1] = family;
  out[2] = o.sourcePrefixLength;
  out[3] = o.scopePrefixLength;
  out.set(maskInPlace(bytes, o.sourcePrefixLength).subarray(0, octets), 4);
  return out;
}
