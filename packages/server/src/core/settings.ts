import { type CookieSettings, defaultCookieSettings } from "./cookie-settings.js";
import { defaultRrlSettings, type RrlSettings } from "./rrl-settings.js";
import { defaultTcpSettings, type TcpSettings } from "./tcp-settings.js";

export { type CookieSettings, defaultCookieSettings, defaultRrlSettings, defaultTcpSettings, type RrlSettings, type TcpSettings };

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
