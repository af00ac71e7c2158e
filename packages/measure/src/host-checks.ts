import { execFileSync } from "node:child_process";
import type { WorkerProvider } from "./config.js";

/**
 * What the host says about itself, for the start-up checks: its interfaces, its policy rules and
 * routes per family, and whether an address is one of its own. `readHost()` asks iproute2;
 * tests pass a fixed view.
 */
export interface HostView {
  links: ReadonlySet<string>;
  /** `ip rule` entries that select by output interface: oif -> tables. */
  oifRules: Record<4 | 6, ReadonlyMap<string, readonly string[]>>;
  /** Default routes per family: the table they are in and the device they leave by. */
  defaultRoutes: Record<4 | 6, ReadonlyArray<{ table: string; dev: string | null }>>;
  isLocal(address: string): boolean;
}

/**
 * Problems with the providers' host settings, one line each, naming the config key: a source
 * that is not an address of this host (every probe from it would be refused), a device that does
 * not exist, or one no default route leaves by, in a table an `ip rule oif <device>` selects or in
 * the main table (probes bound to it would find no route: see the probe README). Empty when all is well.
 */
export function hostProblems(providers: readonly WorkerProvider[], host: HostView): string[] {
  const out: string[] = [];
  providers.forEach((p, i) => {
    if (p.enabled === false) return;
    const at = `providers[${i}]`;
    for (const [key, _family] of [
      ["sourceV4", 4],
      ["sourceV6", 6],
    ] as const) {
      const address = p[key];
      if (address && !host.isLocal(address)) out.push(`${at}.${key}: ${address} is not an address of this host`);
    }
    const dev = p.device;
    if (!dev) return;
    if (!host.links.has(dev)) {
      out.push(`${at}.device: ${dev} is not an interface of this host`);
      return;
    }
    for (const family of [4, 6] as const) {
      if (!(family === 4 ? p.sourceV4 : p.sourceV6)) continue;
      const tables = [...(host.oifRules[family].get(dev) ?? []), "main"];
      if (!host.defaultRoutes[family].some((r) => r.dev === dev && tables.includes(r.table))) {
        out.push(
          `${at}.device: no IPv${family} route leaves by ${dev} (add "ip${family === 6 ? " -6" : ""} rule add oif ${dev} lookup <${p.name}'s table>" and a route via ${dev} in that table)`,
        );
      }
    }
  });
  return out;
}

interface IpRule {
  oif?: string;
  table?: string;
}
interface IpRoute {
  dst?: string;
  table?: string;
  dev?: string;
}
interface IpLink {
  ifname: string;
}

/**
 * The host as iproute2 sees it in this network namespace; `isLocal` is the caller's (the probes'
 * own check). Interfaces, rules and routes matter only to providers with a device: without one,
 * iproute2 is not asked at all (`withDevices` false).
 */
export function readHost(isLocal: (address: string) => boolean, withDevices = true): HostView {
  if (!withDevices) return { links: new Set(), oifRules: { 4: new Map(), 6: new Map() }, defaultRoutes: { 4: [], 6: [] }, isLocal };
  const ip = <T>(args: string[]): T[] =>
    JSON.parse(execFileSync("ip", ["-j", ...args], { encoding: "utf8", timeout: 10_000 }) || "[]") as T[];
  const rules = (family: 4 | 6) => {
    const m = new Map<string, string[]>();
    for (const r of ip<IpRule>([`-${family}`, "rule", "show"]))
      if (r.oif) m.set(r.oif, [...(m.get(r.oif) ?? []), String(r.table ?? "main")]);
    return m;
  };
  const defaults = (family: 4 | 6) =>
    ip<IpRoute>([`-${family}`, "route", "show", "table", "all"])
      .filter((r) => r.dst === "default")
      .map((r) => ({ table: String(r.table ?? "main"), dev: r.dev ?? null }));
  return {
    links: new Set(ip<IpLink>(["link", "show"]).map((l) => l.ifname)),
    oifRules: { 4: rules(4), 6: rules(6) },
    defaultRoutes: { 4: defaults(4), 6: defaults(6) },
    isLocal,
  };
}
