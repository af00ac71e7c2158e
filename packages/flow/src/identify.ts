import { keyFromAddressBytes, setIpv4, setIpv6, wordAt } from "./address-bytes.js";
import { keyFromAddressText } from "./address-text.js";
import { DEFAULT_SOURCE_LIMITS, type SourceKey, type SourceLimits, truncateKey } from "./source-key.js";

/** Structurally the wire package's ClientSubnet (RFC 7871): family 1 = IPv4, 2 = IPv6. */
export interface ClientSubnetLike {
  family: number;
  sourcePrefix: number;
  /** ceil(sourcePrefix / 8) address octets. */
  address: Uint8Array;
}

/**
 * `out` := the ECS subnet truncated to the configured maximum prefix, flagged `ecs`. Returns
 * false when the option does not name a usable subnet: source prefix 0 is the client opting
 * out (RFC 7871 7.1.2), so the caller falls back to the resolver's address.
 */
export function keyFromClientSubnet(out: SourceKey, ecs: ClientSubnetLike, limits: SourceLimits = DEFAULT_SOURCE_LIMITS): boolean {
  const { family, sourcePrefix, address } = ecs;
  if (sourcePrefix <= 0) return false;
  if (family === 1 && sourcePrefix <= 32) {
    setIpv4(out, wordAt(address, 0), 0);
    truncateKey(out, Math.min(sourcePrefix, limits.ecsMaxPrefix4));
  } else if (family === 2 && sourcePrefix <= 128) {
    setIpv6(out, wordAt(address, 0), wordAt(address, 4), wordAt(address, 8), wordAt(address, 12), 0);
    truncateKey(out, Math.min(sourcePrefix, limits.ecsMaxPrefix6));
  } else {
    return false;
  }
  out.ecs = true;
  return true;
}

/** The query's source: its usable ECS subnet if any, else the resolver address given as bytes. */
export function identifySourceBytes(
  out: SourceKey,
  resolver: Uint8Array,
  offset: number,
  length: 4 | 16,
  ecs: ClientSubnetLike | undefined,
  limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
): SourceKey {
  if (ecs !== undefined && keyFromClientSubnet(out, ecs, limits)) return out;
  return keyFromAddressBytes(out, resolver, offset, length);
}

/** The same, with the resolver address as text (`rinfo.address`); false if the text is not an address. */
export function identifySourceText(
  out: SourceKey,
  resolver: string,
  ecs: ClientSubnetLike | undefined,
  limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
): boolean {
  if (ecs !== undefined && keyFromClientSubnet(out, ecs, limits)) return true;
  return keyFromAddressText(out, resolver);
}
