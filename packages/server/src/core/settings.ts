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

export const defaultSettings: ServerSettings = {
  udpPayloadSize: 1232,
  udpReceiveBufferBytes: 4 * 1024 * 1024,
  chaos: { version: null, identity: null },
  templateCacheEntries: 100_000,
  tcp: defaultTcpSettings,
};

/** Settings as a caller gives them: any part left out takes its default, section by section. */
export type ServerSettingsInput = Partial<Omit<ServerSettings, "tcp">> & { tcp?: Partial<TcpSettings> };

export function resolveSettings(input: ServerSettingsInput = {}): ServerSettings {
  return { ...defaultSettings, ...input, tcp: { ...defaultTcpSettings, ...input.tcp } };
}
