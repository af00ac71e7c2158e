/** Responder settings that a reload may change; listeners are set at start. */
export interface ServerSettings {
  /** EDNS UDP payload size we advertise and the most we send over UDP (DNS Flag Day 2020: 1232). */
  udpPayloadSize: number;
  /** NSID (RFC 5001) to answer with when asked; undefined hides it. */
  nsid?: Uint8Array;
  /** CHAOS TXT answers (version.bind/version.server, id.server/hostname.bind); null = REFUSED. */
  chaos: { version: string | null; identity: string | null };
  /** Most pre-encoded answers kept per snapshot; the cache starts over when it fills. */
  templateCacheEntries: number;
  tcp: {
    /** Close a connection with no complete message for this long (RFC 7766 6.2.3). */
    idleTimeoutMs: number;
    /** Close a connection whose message has started but not completed within this time. */
    messageTimeoutMs: number;
    /** Most simultaneous TCP connections; further ones are closed at once. */
    maxConnections: number;
  };
}

export const defaultSettings: ServerSettings = {
  udpPayloadSize: 1232,
  chaos: { version: null, identity: null },
  templateCacheEntries: 100_000,
  tcp: { idleTimeoutMs: 10_000, messageTimeoutMs: 2_000, maxConnections: 256 },
};
