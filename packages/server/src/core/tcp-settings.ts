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

export const defaultTcpSettings: TcpSettings = {
  idleTimeoutMs: 10_000,
  messageTimeoutMs: 500,
  maxConnections: 256,
  maxConnectionsPerPrefix: 64,
  prefix: { v4: 24, v6: 56 },
  maxQueriesInFlight: 128,
  maxUnsentBytes: 128 * 1024,
};
