import { fileURLToPath } from "node:url";
import { apiSchema, type Config, cookiesSchema, metricsSchema, rrlSchema, serverSchema, tcpSchema } from "./schema.js";
import { ROLES } from "./store.js";

/** The repository's fixtures folder (the embedded default serves the example zone from it). */
export const fixturesDir = fileURLToPath(new URL("../../../fixtures/", import.meta.url));

/**
 * What `dnsteer serve` runs with no config file: the example zone on loopback, an
 * unprivileged port, state under ./data.
 */
export function defaultConfig(): Config {
  return {
    listen: [
      { address: "127.0.0.1", port: 5353 },
      { address: "::1", port: 5353 },
    ],
    zones: [{ file: `${fixturesDir}zones/example.test.zone`, origin: "example.test." }],
    tsig: [],
    dataDir: "data",
    chaos: { version: null, identity: null },
    udpPayloadSize: 1232,
    templateCacheEntries: 100_000,
    tcp: tcpSchema.parse({}),
    rrl: rrlSchema.parse({}),
    cookies: cookiesSchema.parse({}),
    udpReceiveBufferBytes: 4 * 1024 * 1024,
    log: { level: "info" },
    api: apiSchema.parse(undefined),
    metrics: metricsSchema.parse(undefined),
    server: serverSchema.parse(undefined),
    providers: [],
    policy: { evaluateIntervalMs: 5_000, sourceMaxAgeMs: 3_600_000, downAfterLosses: 3 },
    store: { kind: "sqlite" },
    roles: [...ROLES],
  };
}
