import { addressFamily, NetError, parsePrefix, scopedAddressFamily } from "@dnsteer/net";
import { z } from "zod";

/** An address to listen on; an IPv6 link-local one may name its interface ("fe80::1%eth0"). */
const address = z.string().refine((s) => scopedAddressFamily(s) !== 0, { message: "must be an IPv4 or IPv6 address" });
const port = z.number().int().min(0).max(65535);

export const listenSchema = z.object({ address, port });

export const zoneSchema = z.object({
  /** Master file path, relative to the config file's folder. */
  file: z.string().min(1),
  /** Origin; defaults to the file's $ORIGIN / SOA owner. */
  origin: z.string().min(1).optional(),
  /** Folders $INCLUDE may read besides the zone file's own (relative to the config file's folder). */
  includeDirs: z.array(z.string().min(1)).optional(),
  /** Most octets the zone file and its includes may hold, each and in all (default 256 MiB each, 512 MiB in all). */
  maxBytes: z.number().int().min(1).optional(),
});

const ipv4 = z.string().refine((s) => addressFamily(s) === 4, { message: "must be an IPv4 address" });
const ipv6 = z.string().refine((s) => addressFamily(s) === 6, { message: "must be an IPv6 address" });

/** "192.0.2.0/24", "2001:db8::/32" or a bare address; host bits must be zero. */
const prefix = z.string().superRefine((s, ctx) => {
  try {
    parsePrefix(s);
  } catch (e) {
    if (!(e instanceof NetError)) throw e;
    ctx.addIssue({ code: "custom", message: e.message });
  }
});

/** A network provider: where probes leave from, what to answer when it is chosen, what it costs. */
export const providerSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "letters, digits, _ . - (max 63)"),
    enabled: z.boolean().default(true),
    /** Probe source addresses: local addresses routed out through this provider. */
    sourceV4: ipv4.nullable().default(null),
    sourceV6: ipv6.nullable().default(null),
    /** The interface routed out through this provider: ICMP probes are bound to it (SO_BINDTODEVICE). */
    device: z.string().regex(/^[^/\s]{1,15}$/, "an interface name (1-15 characters, no / or spaces)").nullable().default(null),
    /** Service addresses answered for steered names when this provider is chosen. */
    serviceA: z.array(ipv4).default([]),
    serviceAAAA: z.array(ipv6).default([]),
    pricePerMbps: z.number().min(0).default(0),
    commitMbps: z.number().min(0).default(0),
    priceAboveCommit: z.number().min(0).default(0),
    billingPercentile: z.number().min(1).max(100).default(95),
    capacityMbps: z.number().positive().nullable().default(null),
  })
  .strict();

/** Which names are steered, and how the passive flow analyzer counts their sources. */
export const steeringSchema = z
  .object({
    /** Steered names (in a served zone); `group` buckets their query counts (default: its index). */
    names: z.array(z.object({ name: z.string().min(1), group: z.number().int().min(0).max(31).optional() }).strict()).min(1),
    /** TTL of steered answers: short, so a changed decision reaches resolvers quickly. */
    ttl: z.number().int().min(0).max(86400).default(30),
    /** Provider answered for sources without a decision; absent = the zone's own records. */
    defaultProvider: z.string().optional(),
    /** How often the responder looks for new decisions (they take effect within this). */
    refreshIntervalMs: z.number().int().min(50).max(10_000).default(250),
    flow: z
      .object({
        maxSources: z.number().int().min(16).default(1 << 20),
        halfLifeMs: z.number().int().min(1000).default(300_000),
        /** Sources below this demand (queries/s) are not written to the sources table. */
        minRate: z.number().min(0).default(0),
        /** Most sources written per flush, highest demand first. */
        limit: z.number().int().min(1).default(100_000),
        flushIntervalMs: z.number().int().min(100).default(5_000),
        ecsMaxPrefix4: z.number().int().min(1).max(32).default(24),
        ecsMaxPrefix6: z.number().int().min(1).max(128).default(56),
      })
      .strict()
      .default({ maxSources: 1 << 20, halfLifeMs: 300_000, minRate: 0, limit: 100_000, flushIntervalMs: 5_000, ecsMaxPrefix4: 24, ecsMaxPrefix6: 56 }),
  })
  .strict();

/**
 * The measurement worker's settings. Only the scope is required: there is deliberately no
 * default of what may be probed. The other groups pass through to the worker, which validates
 * them field by field (see packages/measure).
 */
export const measureSchema = z
  .object({
    scope: z.object({ allow: z.array(prefix).min(1), exclude: z.array(prefix).optional(), defaultExclusions: z.boolean().optional() }).strict(),
    synchronous: z.enum(["OFF", "NORMAL", "FULL", "EXTRA"]).optional(),
    schedule: z.record(z.string(), z.unknown()).optional(),
    probe: z.record(z.string(), z.unknown()).optional(),
    aggregate: z.record(z.string(), z.unknown()).optional(),
    storage: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** How the worker turns measurements into decisions; other keys go to @dnsteer/policy, which validates them. */
export const policySchema = z
  .object({
    evaluateIntervalMs: z.number().int().min(100).default(5_000),
    /** Sources not seen for this long lose their decision. */
    sourceMaxAgeMs: z.number().int().min(1000).default(3_600_000),
    /** Consecutive lost probes that mark a path down at once (failover without waiting a window). */
    downAfterLosses: z.number().int().min(1).default(3),
  })
  .catchall(z.unknown());

/**
 * DNS over TCP (RFC 7766). Every key has a default, so a file may give only the ones it
 * changes. Defaults: Knot's deadlines (tcp-idle-timeout 10 s, tcp-io-timeout 500 ms), a cap
 * between NSD's tcp-count 100 / BIND's tcp-clients 150 and Knot's "half the fd limit", BIND's
 * RRL prefixes for "one source".
 */
export const tcpSchema = z
  .object({
    /** Close a connection with no query (and no answer owed) for this long, or whose client takes no answer for this long. */
    idleTimeoutMs: z.number().int().min(100).default(10_000),
    /** A whole message must arrive within this of its first octet (slowloris guard). */
    messageTimeoutMs: z.number().int().min(50).default(500),
    /** Most connections per listen address; at the cap the least recently active one not owed answers is closed. */
    maxConnections: z.number().int().min(1).default(256),
    /** Most connections from one source prefix (see `prefix`). */
    maxConnectionsPerPrefix: z.number().int().min(1).default(64),
    /** What one source is: IPv4 /v4, IPv6 /v6 (at most /64). */
    prefix: z.object({ v4: z.number().int().min(0).max(32).default(24), v6: z.number().int().min(0).max(64).default(56) }).strict().default({ v4: 24, v6: 56 }),
    /** Answers a connection may have waiting to be sent before reading from it pauses. */
    maxQueriesInFlight: z.number().int().min(1).default(128),
    /** Octets of answers a connection may have waiting to be sent before reading from it pauses. */
    maxUnsentBytes: z.number().int().min(1024).default(131_072),
  })
  .strict();

export const configSchema = z
  .object({
    listen: z.array(listenSchema).min(1),
    zones: z.array(zoneSchema).min(1),
    /** Folder for the SQLite store and other state, relative to the config file. */
    dataDir: z.string().min(1),
    nsid: z.string().max(128).optional(),
    chaos: z.object({ version: z.string().max(255).nullable(), identity: z.string().max(255).nullable() }).strict(),
    udpPayloadSize: z.number().int().min(512).max(4096),
    templateCacheEntries: z.number().int().min(0),
    tcp: tcpSchema,
    log: z.object({ level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]) }).strict(),
    providers: z.array(providerSchema).default([]),
    steering: steeringSchema.optional(),
    measure: measureSchema.optional(),
    policy: policySchema.default({ evaluateIntervalMs: 5_000, sourceMaxAgeMs: 3_600_000, downAfterLosses: 3 }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    config.providers.forEach((p, i) => {
      if (names.has(p.name)) ctx.addIssue({ code: "custom", path: ["providers", i, "name"], message: `duplicate provider "${p.name}"` });
      names.add(p.name);
    });
    const d = config.steering?.defaultProvider;
    if (d !== undefined && !names.has(d)) ctx.addIssue({ code: "custom", path: ["steering", "defaultProvider"], message: `no provider named "${d}"` });
  });

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type SteeringConfig = z.infer<typeof steeringSchema>;
export type MeasureConfig = z.infer<typeof measureSchema>;
export type PolicySettings = z.infer<typeof policySchema>;
