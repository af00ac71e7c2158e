import { readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { addressFamily, canonicalAddress, formatIPv6, NetError } from "@dnsteer/net";
import { ProbeError } from "./errors.js";

/** One spelling per address (@dnsteer/net), so "2001:DB8::0:1" matches "2001:db8::1". */
function canonicalIp(address: string): string {
  try {
    return canonicalAddress(address);
  } catch (e) {
    if (e instanceof NetError) throw new ProbeError("BAD_ADDRESS", e.message);
    throw e;
  }
}

/**
 * Whether an address is configured on an interface of this network namespace. The kernel accepts
 * any source in a hand-written IPv4 header, so without this check a typo would spoof someone else.
 * Cached briefly: os.networkInterfaces() walks every interface and probes run thousands per second.
 */
export class LocalAddresses {
  private cache = new Set<string>();
  private loadedAt = -Infinity;

  constructor(
    private readonly maxAgeMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  has(address: string): boolean {
    if (this.now() - this.loadedAt > this.maxAgeMs) this.reload();
    return this.cache.has(canonicalIp(address));
  }

  require(address: string): void {
    if (!this.has(address)) {
      throw new ProbeError("SOURCE_NOT_LOCAL", `${address} is not an address of this host (namespace): refusing to send`);
    }
  }

  private reload(): void {
    const next = new Set<string>();
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) next.add(canonicalIp(info.address.split("%")[0]!));
    }
    // os.networkInterfaces() (libuv) skips interfaces that are not RUNNING: when a provider's link
    // loses carrier, its address would vanish and every probe from it be refused instead of being
    // recorded as the loss it is. The kernel's own lists still have it.
    for (const a of kernelLocalAddresses()) next.add(a);
    this.cache = next;
    this.loadedAt = this.now();
  }
}

/**
 * Addresses configured in this network namespace whatever the link state, from /proc/net (per
 * namespace): IPv4 from the local routing table (`/32 host LOCAL` leaves of fib_trie), IPv6 from
 * if_inet6. Empty where /proc is not readable (not Linux): networkInterfaces() then stands alone.
 */
export function kernelLocalAddresses(): string[] {
  const out: string[] = [];
  const fib = readOrEmpty("/proc/net/fib_trie");
  let leaf: string | undefined;
  for (const line of fib.split("\n")) {
    const m = /\|-- (\d+\.\d+\.\d+\.\d+)$/.exec(line);
    if (m) leaf = m[1];
    else if (leaf && /\/32 host LOCAL/.test(line)) out.push(leaf);
  }
  for (const line of readOrEmpty("/proc/net/if_inet6").split("\n")) {
    const hex = line.split(" ")[0] ?? "";
    if (/^[0-9a-f]{32}$/.test(hex)) out.push(formatIPv6(Buffer.from(hex, "hex")));
  }
  return out;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** The provider's source for the target's family, or a ProbeError. */
export function sourceFor(
  target: string,
  source: { name: string; sourceV4?: string | null; sourceV6?: string | null },
): { family: 4 | 6; local: string } {
  const family = addressFamily(target);
  if (family === 0) throw new ProbeError("BAD_ADDRESS", `not an IP address: ${JSON.stringify(target)}`);
  const local = family === 4 ? source.sourceV4 : source.sourceV6;
  if (!local) throw new ProbeError("NO_SOURCE", `provider ${source.name} has no IPv${family} source address`);
  if (addressFamily(local) !== family) throw new ProbeError("BAD_ADDRESS", `provider ${source.name}: ${local} is not IPv${family}`);
  return { family, local };
}
