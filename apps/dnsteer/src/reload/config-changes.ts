import type { Config } from "@dnsteer/config";

/** The processes of `dnsteer up`; each applies its share of a reload. */
export type Process = "responder" | "worker" | "api";

/**
 * What a reload does with the config file as it is now, compared with the config in force:
 * every changed key, those applied without a restart (each with the processes that apply it),
 * and those that only a restart of a process applies (their old value stays in force until
 * then). Keys are top-level ("listen") or one level down where the two halves differ
 * ("steering.names" live, "steering.flow" at a restart).
 */
export interface ConfigChanges {
  changed: string[];
  /** "zones: responder, api" */
  live: string[];
  restart: Array<{ process: Process; keys: string[] }>;
}

interface Rule {
  live: Process[];
  restart: Process[];
}

const LIVE = (...p: Process[]): Rule => ({ live: p, restart: [] });
const RESTART = (...p: Process[]): Rule => ({ live: [], restart: p });
const EVERY: Process[] = ["responder", "worker", "api"];

/** Who applies each key: live, or at whose restart. Keys not listed need every process restarted. */
const RULES: Record<string, Rule> = {
  listen: RESTART("responder"),
  zones: LIVE("responder", "api"),
  tsig: LIVE("responder"),
  dataDir: RESTART(...EVERY),
  nsid: LIVE("responder"),
  chaos: LIVE("responder"),
  udpPayloadSize: LIVE("responder"),
  templateCacheEntries: LIVE("responder"),
  tcp: LIVE("responder"),
  rrl: LIVE("responder"),
  cookies: LIVE("responder"),
  udpReceiveBufferBytes: RESTART("responder"),
  log: LIVE(...EVERY),
  api: RESTART("api"),
  metrics: RESTART("responder", "worker"),
  server: RESTART("responder"),
  providers: LIVE(...EVERY),
  "steering.names": LIVE("responder", "api"),
  "steering.ttl": LIVE("responder", "api"),
  "steering.defaultProvider": LIVE("responder", "api"),
  "steering.refreshIntervalMs": RESTART("responder"),
  "steering.flow": RESTART("responder"),
  // Turned on or off: the responder's flow tap and refresh thread are set up at start.
  steering: RESTART("responder"),
  measure: LIVE("worker", "api"),
  policy: LIVE("worker", "api"),
};

/**
 * Changes to a key that a restart applies although the key itself reloads live: transfers
 * turned on or off (the responder's chain is built at start), the measure section added or
 * removed (whether the worker runs at all is decided when `up` starts).
 */
function onOff(key: string, running: Config, now: Config): { key: string; rule: Rule } | undefined {
  if (key === "zones" && transfersOn(running) !== transfersOn(now))
    return { key: "zones (transfers turned on or off)", rule: RESTART("responder") };
  if (key === "measure" && (running.measure === undefined) !== (now.measure === undefined))
    return { key: "measure (added or removed)", rule: RESTART("worker") };
  // The responder's decision map indexes providers by position from its start; answer addresses
  // and every other setting reload live.
  if (key === "providers" && names(running.providers) !== names(now.providers))
    return { key: "providers (added, removed or reordered)", rule: { live: ["worker", "api"], restart: ["responder"] } };
  return undefined;
}

export function configChanges(running: Config, now: Config): ConfigChanges {
  const out: ConfigChanges = { changed: [], live: [], restart: [] };
  const restartOf = new Map<Process, string[]>();
  const add = (key: string, rule: Rule) => {
    out.changed.push(key);
    if (rule.live.length) out.live.push(`${key}: ${rule.live.join(", ")}`);
    for (const p of rule.restart) restartOf.set(p, [...(restartOf.get(p) ?? []), key]);
  };
  for (const key of changedKeys(running, now)) {
    const special = onOff(key, running, now);
    if (special) add(special.key, special.rule);
    else add(key, RULES[key] ?? RESTART(...EVERY));
  }
  for (const p of EVERY) {
    const keys = restartOf.get(p);
    if (keys) out.restart.push({ process: p, keys });
  }
  return out;
}

/**
 * The config in force after a reload: `running` with every key a reload applies live taken
 * from `now`; keys that need a restart keep their running value. Every process computes the
 * same one, so the next reload compares against what the whole set of processes runs with.
 */
export function configAfterReload(running: Config, now: Config): Config {
  const next = structuredClone(running) as Record<string, unknown>;
  const from = now as Record<string, unknown>;
  for (const key of changedKeys(running, now)) {
    const rule = onOff(key, running, now)?.rule ?? RULES[key] ?? RESTART(...EVERY);
    // Applied when some process applies it live (a process that needs a restart for it keeps
    // its own copy); kept when only restarts apply it.
    if (rule.live.length === 0) continue;
    const [top, sub] = key.split(".") as [string, string | undefined];
    if (sub === undefined) next[top] = structuredClone(from[top]);
    else (next[top] as Record<string, unknown>)[sub] = structuredClone((from[top] as Record<string, unknown>)[sub]);
    if (sub !== undefined && (from[top] as Record<string, unknown>)[sub] === undefined) delete (next[top] as Record<string, unknown>)[sub];
  }
  return next as Config;
}

/** One line per process that must restart: "restart needed: responder: listen, udpReceiveBufferBytes". */
export function describeRestarts(changes: ConfigChanges): string[] {
  return changes.restart.map((r) => `restart needed: ${r.process}: ${r.keys.join(", ")}`);
}

/** Changed keys: top-level, and steering's halves one level down while steering is on both sides. */
function changedKeys(running: Config, now: Config): string[] {
  const a = running as Record<string, unknown>;
  const b = now as Record<string, unknown>;
  const keys: string[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (same(a[key], b[key])) continue;
    if (key === "steering" && a[key] !== undefined && b[key] !== undefined) {
      const sa = a[key] as Record<string, unknown>;
      const sb = b[key] as Record<string, unknown>;
      for (const sub of new Set([...Object.keys(sa), ...Object.keys(sb)])) if (!same(sa[sub], sb[sub])) keys.push(`steering.${sub}`);
    } else keys.push(key);
  }
  return keys;
}

function names(providers: Config["providers"]): string {
  return providers.map((p) => p.name).join(" ");
}

function transfersOn(config: Config): boolean {
  return config.zones.some((z) => z.transfer || z.notify);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
