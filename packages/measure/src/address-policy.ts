import { type Address, NetError, type Prefix, parseAddress, parsePrefix, prefixContains } from "@dnsteer/net";
import { MeasureError } from "./errors.js";
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
  private readonly allow: Prefix[];
  private readonly exclude: Prefix[];
  private readonly special: Prefix[];

  /** Throws MeasureError("BAD_PREFIX") for an entry that is not an address or a prefix with its host bits zero. */
  constructor(cfg: AddressPolicyConfig) {
    this.allow = cfg.allow.map(scopePrefix);
    this.exclude = (cfg.exclude ?? []).map(scopePrefix);
    this.special = cfg.defaultExclusions === false ? [] : SPECIAL_RANGES.map(scopePrefix);
  }

  verdict(address: string): Verdict {
    let ip: Address;
    try {
      ip = parseAddress(address);
    } catch {
      return "out-of-scope";
    }
    const allowedBy = this.allow.filter((c) => prefixContains(c, ip));
    if (allowedBy.length === 0) return "out-of-scope";
    if (this.exclude.some((c) => prefixContains(c, ip))) return "excluded";
    // Both contain the address, so a longer allow prefix lies inside the special range:
    // "0.0.0.0/0" never unlocks loopback, "127.0.0.0/8" does.
    const narrowest = Math.max(...allowedBy.map((c) => c.length));
    if (this.special.some((s) => prefixContains(s, ip) && s.length > narrowest)) return "special";
    return "allowed";
  }

  allows(address: string): boolean {
    return this.verdict(address) === "allowed";
  }
}

function scopePrefix(text: string): Prefix {
  try {
    return parsePrefix(text);
  } catch (e) {
    if (e instanceof NetError) throw new MeasureError("BAD_PREFIX", `scope entry ${JSON.stringify(text)}: ${e.message}`, { cause: e });
    throw e;
  }
}
