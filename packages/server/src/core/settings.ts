import type { PrefixLengths } from "./source-prefix.js";

/** DNS over TCP (RFC 7766): deadlines, connection caps, and how much a client may leave unread. */
export interface TcpSettings {
  /** Close a connection that has had no query, and owed no answer, for this long (Knot tcp-idle-timeout: 10 s). */
  idleTimeoutMs: number;
  /**
   * A whole message must arrive within this time of its first octet; further octets do not
   * extend it (Knot tcp-io-timeout: 500 ms).
   */
  messageTimeoutMs: number;
  /** Most simultaneous TCP connections per listen address (BIND tcp-clients 150, NSD tcp-count 100). */
  maxConnections: number;
  /** Most simultaneous TCP connections from one source prefix. */
  maxConnectionsPerPrefix: number;
  /** What counts as one source for `maxConnectionsPerPrefix` (IPv6 at most /64). */
  prefix: PrefixLengths;
  /** Most answers written to a connection and not yet taken by the kernel; reading pauses at this. */
  maxQueriesInFlight: number;
  /** Most octets of answers a connection may leave unsent; reading pauses above this. */
  maxUnsentBytes: number;
}

/**
 * Response rate limiting on UDP (the BIND/Knot model): responses per second to one source
 * prefix, by kind of response (and for answers, per name and type: "identical responses"),
 * with a debt that lasts up to `windowSeconds`; past the rate a response is dropped, except
 * every `slip`-th, which goes out as an empty TC=1 reply so a real client retries over TCP.
 */
export interface RrlSettings {
  enabled: boolean;
  /** Answers and NODATA, per source prefix, name and type. */
  responsesPerSecond: number;
  /** NXDOMAIN, per source prefix (random names would each have a bucket otherwise). */
  nxdomainsPerSecond: number;
  /** Referrals, per source prefix. */
  referralsPerSecond: number;
  /** Errors (REFUSED, SERVFAIL, FORMERR, BADVERS, ...), per source prefix. */
  errorsPerSecond: number;
  /** Every slip-th limited response goes out truncated (TC=1) instead of dropped; 0 never, 1 always. */
  slip: number;
  /** How long a source's excess is remembered: the debt is capped at rate x window. */
  windowSeconds: number;
  /** What one source is (IPv6 at most /64). */
  prefix: PrefixLengths;
  /** Buckets in the table (fixed memory, ~22 octets each); the least recently used of a few candidates is reused. */
  tableSize: number;
  /** Sources never limited ("192.0.2.0/24", "2001:db8::/32"). */
  exempt: readonly string[];
  /** Count and log what would be limited, but send every response. */
  logOnly: boolean;
}

/**
 * DNS Cookies (RFC 7873, server cookies per RFC 9018). A query with a client cookie gets our
 * server cookie back; a query that returns a valid one proves its address (rate limiting lets
 * it through).
 */
export interface CookieSettings {
  enabled: boolean;
  /**
   * Server secrets, 32 hex digits each: the first makes cookies, every one is accepted, so a
   * rollover is: add the new one first, reload, drop the old one an hour later (RFC 9018 4.4).
   * Servers of one anycast address share them. Empty: a random secret per process.
   */
  secrets: readonly string[];
  /** With no `secrets`: how often the random secret is replaced (the previous one is still accepted until the next). */
  secretLifetimeSeconds: number;
  /** Answer a UDP query without a valid server cookie with BADCOOKIE and a fresh cookie (BIND's require-server-cookie). */
  requireForUdp: boolean;
}

/** Responder settings that a reload may change; listeners are set at start. */
export interface ServerSettings {
  /** EDNS UDP payload size we advertise and the most we send over UDP (DNS Flag Day 2020: 1232). */
  udpPayloadSize: number;
  /**
   * SO_RCVBUF of each UDP socket (set at start): queries arriving while the answering thread is
   * busy wait here rather than being dropped (unbound and NSD advise 4 MiB for busy servers).
   * Linux caps it at net.core.rmem_max.
   */
  udpReceiveBufferBytes: number;
  /** NSID (RFC 5001) to answer with when asked; undefined hides it. */
  nsid?: Uint8Array;
  /** CHAOS TXT answers (version.bind/version.server, id.server/hostname.bind); null = REFUSED. */
  chaos: { version: string | null; identity: string | null };
  /** Most pre-encoded answers kept per snapshot; the cache starts over when it fills. */
  templateCacheEntries: number;
  tcp: TcpSettings;
  rrl: RrlSettings;
  cookies: CookieSettings;
}

export const defaultTcpSettings: TcpSettings = {
  idleTimeoutMs: 10_000,
  messageTimeoutMs: 500,
  maxConnections: 256,
  maxConnectionsPerPrefix: 64,
  prefix: { v4: 24, v6: 56 },
  maxQueriesInFlight: 128,
  maxUnsentBytes: 128 * 1024,
};

/**
 * Peers' defaults: BIND slip 2, window 15 s, /24 and /56; Knot rate 50, slip 1, table 393241;
 * NSD 200/s, slip 2. Off unless turned on, as in BIND and Knot (a rate suits a site's traffic:
 * a busy resolver farm in one /24 asks more than a test does); once on, Knot's rate with
 * BIND's slip and window. Loopback is exempt (it cannot be spoofed from outside, and local
 * tools and benchmarks query from it).
 */
export const defaultRrlSettings: RrlSettings = {
  enabled: false,
  responsesPerSecond: 50,
  nxdomainsPerSecond: 50,
  referralsPerSecond: 50,
  errorsPerSecond: 50,
  slip: 2,
  windowSeconds: 15,
  prefix: { v4: 24, v6: 56 },
  tableSize: 393_241,
  exempt: ["127.0.0.0/8", "::1/128"],
  logOnly: false,
};

/** On, as BIND answers cookies by default; not required (BIND, Knot); a random secret replaced daily. */
export const defaultCookieSettings: CookieSettings = {
  enabled: true,
  secrets: [],
  secretLifetimeSeconds: 86_400,
  requireForUdp: false,
};

export const defaultSettings: ServerSettings = {
  udpPayloadSize: 1232,
  udpReceiveBufferBytes: 4 * 1024 * 1024,
  chaos: { version: null, identity: null },
  templateCacheEntries: 100_000,
  tcp: defaultTcpSettings,
  rrl: defaultRrlSettings,
  cookies: defaultCookieSettings,
};

/** Settings as a caller gives them: any part left out takes its default, section by section. */
export type ServerSettingsInput = Partial<Omit<ServerSettings, "tcp" | "rrl" | "cookies">> & {
  tcp?: Partial<TcpSettings>;
  rrl?: Partial<RrlSettings>;
  cookies?: Partial<CookieSettings>;
};

export function resolveSettings(input: ServerSettingsInput = {}): ServerSettings {
  return {
    ...defaultSettings,
    ...input,
    tcp: { ...defaultTcpSettings, ...input.tcp },
    rrl: { ...defaultRrlSettings, ...input.rrl },
    cookies: { ...defaultCookieSettings, ...input.cookies },
  };
}
