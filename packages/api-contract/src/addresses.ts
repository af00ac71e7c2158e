import { addressFamily, parsePrefix } from "@dnsteer/net";

/** Why `text` is not an IP address of `family` (either when omitted), or null. */
export function addressProblem(text: string, family?: 4 | 6): string | null {
  const found = addressFamily(text);
  if (found === 0) return `not an IP address: ${JSON.stringify(text)}`;
  if (family !== undefined && found !== family) return `not an IPv${family} address: ${text}`;
  return null;
}

/**
 * Why `text` is not a CIDR prefix ("192.0.2.0/24", "2001:db8::/32"; a bare address is a host
 * prefix), or null. Bits set past the length are refused: "192.0.2.1/24" is more likely a typo.
 */
export function prefixProblem(text: string): string | null {
  try {
    parsePrefix(text);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The same for an ECS client subnet, where bits past the length are cleared, not refused (RFC 7871 6). */
export function subnetProblem(text: string): string | null {
  try {
    parsePrefix(text, "clear");
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
