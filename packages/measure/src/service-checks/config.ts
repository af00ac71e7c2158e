import { MeasureError } from "../errors.js";

/** What a service check does: open a TCP connection, or send an HTTP(S) GET and read the status. */
export type ServiceCheckType = "tcp" | "http" | "https";

/**
 * One provider's service check (`providers[].serviceCheck`): every address in `addresses` (by
 * default the provider's serviceA and serviceAAAA) is checked every `intervalMs`, out of the
 * provider's source address of the same family, so the check takes the way the provider's
 * traffic takes. `fall` failures in a row mark an address down, `rise` successes in a row up
 * again (HAProxy's and keepalived's counters).
 */
export interface ServiceCheckConfig {
  type: ServiceCheckType;
  port: number;
  /** HTTP(S) only: the path requested, the Host header and TLS server name, the statuses that pass. */
  path: string;
  host: string | null;
  /** Inclusive ranges; default 200-399 (a redirect is a live service). */
  okStatus: [number, number][];
  /** HTTPS only: accept any certificate (a service reached by address rarely has one for it). */
  insecure: boolean;
  intervalMs: number;
  timeoutMs: number;
  rise: number;
  fall: number;
  /** Empty: the provider's service addresses. */
  addresses: string[];
}

export const DEFAULT_SERVICE_CHECK = {
  path: "/",
  host: null,
  okStatus: [[200, 399]] as [number, number][],
  insecure: false,
  intervalMs: 10_000,
  timeoutMs: 2_000,
  rise: 2,
  fall: 3,
};

const DEFAULT_PORT: Record<ServiceCheckType, number> = { tcp: 80, http: 80, https: 443 };

/** Validates one `serviceCheck` object (worker.json or the main config's provider); names the bad key. */
export function parseServiceCheck(v: unknown, at: string): ServiceCheckConfig {
  if (typeof v !== "object" || v === null || Array.isArray(v)) bad(at, "an object");
  const c = v as Record<string, unknown>;
  const type = c.type;
  if (type !== "tcp" && type !== "http" && type !== "https") bad(`${at}.type`, '"tcp", "http" or "https"');
  const int = (key: string, min: number, max: number, d: number): number => {
    const x = c[key] ?? d;
    return typeof x === "number" && Number.isInteger(x) && x >= min && x <= max ? x : bad(`${at}.${key}`, `an integer in [${min}, ${max}]`);
  };
  const port = int("port", 1, 65535, DEFAULT_PORT[type]);
  const intervalMs = int("intervalMs", 100, 3_600_000, DEFAULT_SERVICE_CHECK.intervalMs);
  const timeoutMs = int("timeoutMs", 10, 60_000, DEFAULT_SERVICE_CHECK.timeoutMs);
  if (timeoutMs > intervalMs) bad(`${at}.timeoutMs`, `at most intervalMs (${intervalMs})`);
  const path = c.path ?? DEFAULT_SERVICE_CHECK.path;
  if (typeof path !== "string" || !path.startsWith("/") || /\s/.test(path)) bad(`${at}.path`, 'a path starting with "/", no spaces');
  const host = c.host ?? null;
  if (host !== null && (typeof host !== "string" || !/^[A-Za-z0-9.:[\]-]{1,255}$/.test(host))) bad(`${at}.host`, "a host name");
  const okStatus = c.okStatus === undefined ? DEFAULT_SERVICE_CHECK.okStatus : statusRanges(c.okStatus, `${at}.okStatus`);
  if (c.insecure !== undefined && typeof c.insecure !== "boolean") bad(`${at}.insecure`, "true or false");
  const addresses = c.addresses ?? [];
  if (!Array.isArray(addresses) || addresses.some((a) => typeof a !== "string" || a.length === 0))
    bad(`${at}.addresses`, "an array of addresses");
  for (const key of Object.keys(c)) if (!KEYS.has(key)) bad(`${at}.${key}`, `one of ${[...KEYS].join(", ")} (unknown key)`);
  return {
    type,
    port,
    path,
    host,
    okStatus,
    insecure: c.insecure === true,
    intervalMs,
    timeoutMs,
    rise: int("rise", 1, 100, DEFAULT_SERVICE_CHECK.rise),
    fall: int("fall", 1, 100, DEFAULT_SERVICE_CHECK.fall),
    addresses: addresses as string[],
  };
}

const KEYS = new Set(["type", "port", "path", "host", "okStatus", "insecure", "intervalMs", "timeoutMs", "rise", "fall", "addresses"]);

/** `[200, [300, 302]]`: single statuses or inclusive [low, high] pairs. */
function statusRanges(v: unknown, at: string): [number, number][] {
  const isStatus = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 100 && x <= 599;
  if (!Array.isArray(v) || v.length === 0) bad(at, "a non-empty array of statuses or [low, high] pairs");
  return v.map((x, i): [number, number] => {
    if (isStatus(x)) return [x, x];
    if (Array.isArray(x) && x.length === 2 && isStatus(x[0]) && isStatus(x[1]) && x[0] <= x[1]) return [x[0], x[1]];
    return bad(`${at}[${i}]`, "an HTTP status (100-599) or a [low, high] pair");
  });
}

function bad(at: string, want: string): never {
  throw new MeasureError("BAD_CONFIG", `${at}: expected ${want}`);
}
