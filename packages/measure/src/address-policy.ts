import { cidrContains, parseCidr, parseIp, type Cidr } from "./cidr.js";
import { SPECIAL_RANGES } from "./special-ranges.js";

export interface AddressPolicyConfig {
  /** Scope: only addresses inside one of these are ever probed. No default: say what you mean. */
  allow: readonly string[];
  /** Never probed, whatever the allow-list says. */
  exclude?: readonly string[];
  /** Exclude SPECIAL_RANGES unless an allow entry names the range or a part of it (default true). */
  defaultExclusions?: boolean;
}

export type Verdict = "allowed" | "out-of-scope" | "excluded" | "special";

/** The safety gate in front of every probe: scope allow-list, then exclusions. */
export class AddressPolicy {
  private readonly allow: Cidr[];
  private readonly exclude: Cidr[];
  private readonly special: Cidr[];

  constructor(cfg: AddressPolicyConfig) {
    this.allow = cfg.allow.map(parseCidr);
    this.exclude = (cfg.exclude ?? []).map(parseCidr);
    this.special = cfg.defaultExclusions === false ? [] : SPECIAL_RANGES.map(parseCidr);
  }

  verdict(address: string): Verdict {
    let ip;
    try { ip = parseIp(address); } catch { return "out-of-scope"; }
    const allowedBy = this.allow.filter((c) => cidrContains(c, ip));
    if (allowedBy.length === 0) return "out-of-scope";
    if (this.exclude.some((c) => cidrContains(c, ip))) return "excluded";
    // Both contain the address, so a longer allow prefix lies inside the special range:
    // "0.0.0.0/0" never unlocks loopback, "127.0.0.0/8" does.
    const narrowest = Math.max(...allowedBy.map((c) => c.length));
    if (this.special.some((s) => cidrContains(s, ip) && s.length > narrowest)) return "special";
    return "allowed";
  }

  allows(address: string): boolean {
    return this.verdict(address) === "allowed";
  }
}
