import { addressFamily, NetError, parsePrefix, scopedAddressFamily } from "@dnsteer/net";
import { z } from "zod";
import { rolesSchema, storeSchema } from "./store.js";

/** An address to listen on; an IPv6 link-local one may name its interface ("fe80::1%eth0"). */
const address = z.string().refine((s) => scopedAddressFamily(s) !== 0, { message: "must be an IPv4 or IPv6 address" });
const port = z.number().int().min(0).max(65535);

export const listenSchema = z.object({
  address: address.describe("IPv4 or IPv6 address (a link-local IPv6 one may name its interface: fe80::1%eth0)."),
  port: port.describe("UDP and TCP port."),
});

/** "192.0.2.0/24", "2001:db8::/32" or a bare address; host bits must be zero. */
const prefix = z.string().superRefine((s, ctx) => {
  try {
    parsePrefix(s);
  } catch (e) {
    if (!(e instanceof NetError)) throw e;
    ctx.addIssue({ code: "custom", message: e.message });
  }
});

/** A secondary to NOTIFY: "192.0.2.53", "192.0.2.53:5300", "[2001:db8::53]:53". */
const notifyTarget = z.string().refine(
  (s) => {
    const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s) ?? /^([0-9.]+)(?::(\d{1,5}))?$/.exec(s) ?? /^([0-9a-fA-F:]+)()$/.exec(s);
    return m !== null && addressFamily(m[1]!) !== 0 && (m[2] === undefined || m[2] === "" || (Number(m[2]) >= 1 && Number(m[2]) <= 65535));
  },
  { message: 'must be "address", "address:port" or "[IPv6]:port"' },
);

export const transferSchema = z
  .object({
    allow: z
      .array(prefix)
      .default([])
      .describe("Who may transfer the zone (AXFR/IXFR over TCP): prefixes or addresses. Empty = nobody (REFUSED)."),
    key: z
      .string()
      .min(1)
      .optional()
      .describe("Name of a `tsig` key every transfer must be signed with; NOTIFYs to this zone's secondaries are signed with it too."),
  })
  .strict();

export const zoneSchema = z.object({
  file: z.string().min(1).describe("Master file path, relative to the config file's folder."),
  origin: z.string().min(1).optional().describe("Origin; defaults to the file's $ORIGIN / SOA owner."),
  includeDirs: z
    .array(z.string().min(1))
    .optional()
    .describe("Folders $INCLUDE may read besides the zone file's own (relative to the config file's folder)."),
  maxBytes: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Most octets the zone file and its includes may hold, each and in all (default 256 MiB each, 512 MiB in all)."),
  transfer: transferSchema.optional().describe("Outgoing zone transfers (RFC 5936 AXFR, RFC 1995 IXFR); absent = refused to everyone."),
  notify: z
    .array(notifyTarget)
    .optional()
    .describe("Secondaries sent a NOTIFY (RFC 1996) whenever a reload raises the serial (5 tries, 2/4/8/16 s apart)."),
  serial: z
    .enum(["keep", "unixtime", "increment"])
    .optional()
    .describe("Serial of zones edited through the API: keep what the edit says, or set it (unixtime, increment). Default keep."),
});

export const tsigKeySchema = z
  .object({
    name: z.string().min(1).describe("Key name, as the secondaries spell it."),
    algorithm: z.enum(["hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"]).describe("HMAC algorithm (RFC 8945)."),
    secret: z
      .string()
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64")
      .describe("Shared secret, base64 (as in BIND's and Knot's key files)."),
  })
  .strict();

const ipv4 = z.string().refine((s) => addressFamily(s) === 4, { message: "must be an IPv4 address" });
const ipv6 = z.string().refine((s) => addressFamily(s) === 6, { message: "must be an IPv6 address" });

const httpStatus = z.number().int().min(100).max(599);

/**
 * A check of the provider's own service (packages/measure service-checks): sent out of the
 * provider's source address, so a provider whose service is unreachable through it is not answered.
 */
export const serviceCheckSchema = z
  .object({
    type: z.enum(["tcp", "http", "https"]).describe("TCP connect, or an HTTP(S) GET whose status must be in okStatus."),
    port: z.number().int().min(1).max(65535).optional().describe("Port checked (default 80 for tcp and http, 443 for https)."),
    path: z
      .string()
      .regex(/^\/\S*$/, 'a path starting with "/"')
      .optional()
      .describe('HTTP(S): the path requested (default "/").'),
    host: z.string().min(1).max(255).optional().describe("HTTP(S): Host header and TLS server name (default the address)."),
    okStatus: z
      .array(z.union([httpStatus, z.tuple([httpStatus, httpStatus])]))
      .min(1)
      .optional()
      .describe("HTTP(S): statuses that pass, single or [low, high] (default [[200, 399]])."),
    insecure: z.boolean().optional().describe("HTTPS: accept any certificate (default false)."),
    intervalMs: z.number().int().min(100).max(3_600_000).optional().describe("Time between two checks of one address (default 10000)."),
    timeoutMs: z
      .number()
      .int()
      .min(10)
      .max(60_000)
      .optional()
      .describe("A check with no result within this fails (default 2000, at most intervalMs)."),
    rise: z.number().int().min(1).max(100).optional().describe("Passing checks in a row that bring a down address back (default 2)."),
    fall: z.number().int().min(1).max(100).optional().describe("Failing checks in a row that take an address down (default 3)."),
    addresses: z
      .array(z.string().refine((a) => addressFamily(a) !== 0, { message: "must be an IP address" }))
      .optional()
      .describe("Addresses checked (default serviceA and serviceAAAA); the provider is down when every one is down."),
  })
  .strict();

/** A network provider: where probes leave from, what to answer when it is chosen, what it costs. */
export const providerSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "letters, digits, _ . - (max 63)")
      .describe("Unique name (letters, digits, _ . -, at most 63)."),
    enabled: z.boolean().default(true).describe("false: never chosen, never probed."),
    sourceV4: ipv4.nullable().default(null).describe("Probe source addresses: local addresses routed out through this provider."),
    sourceV6: ipv6.nullable().default(null).describe("IPv6 probe source address routed out through this provider."),
    device: z
      .string()
      .regex(/^[^/\s]{1,15}$/, "an interface name (1-15 characters, no / or spaces)")
      .nullable()
      .default(null)
      .describe("The interface routed out through this provider: ICMP probes are bound to it (SO_BINDTODEVICE)."),
    serviceA: z.array(ipv4).default([]).describe("Service addresses answered for steered names when this provider is chosen."),
    serviceAAAA: z.array(ipv6).default([]).describe("IPv6 service addresses answered when this provider is chosen."),
    pricePerMbps: z.number().min(0).default(0).describe("Price of one Mbps up to the commit."),
    commitMbps: z.number().min(0).default(0).describe("Committed rate (paid whether used or not)."),
    priceAboveCommit: z.number().min(0).default(0).describe("Price of one Mbps above the commit."),
    billingPercentile: z.number().min(1).max(100).default(95).describe("Percentile of 5-minute rates billed."),
    capacityMbps: z.number().positive().nullable().default(null).describe("Most traffic steered to it; null = unbounded."),
    serviceCheck: serviceCheckSchema
      .optional()
      .describe("Health check of the provider's service, sent out through it; failing = not answered for anyone (all failing: fail open)."),
  })
  .strict();

/** Which names are steered, and how the passive flow analyzer counts their sources. */
export const steeringSchema = z
  .object({
    names: z
      .array(z.object({ name: z.string().min(1), group: z.number().int().min(0).max(31).optional() }).strict())
      .min(1)
      .describe("Steered names (in a served zone); `group` buckets their query counts (default: its index)."),
    ttl: z
      .number()
      .int()
      .min(0)
      .max(86400)
      .default(30)
      .describe("TTL of steered answers: short, so a changed decision reaches resolvers quickly."),
    defaultProvider: z.string().optional().describe("Provider answered for sources without a decision; absent = the zone's own records."),
    refreshIntervalMs: z
      .number()
      .int()
      .min(50)
      .max(10_000)
      .default(250)
      .describe("How often the responder looks for new decisions (they take effect within this)."),
    flow: z
      .object({
        maxSources: z
          .number()
          .int()
          .min(16)
          .default(1 << 20)
          .describe("Sources the flow table holds; the least active are evicted."),
        halfLifeMs: z.number().int().min(1000).default(300_000).describe("Half-life of a source's demand estimate."),
        minRate: z.number().min(0).default(0).describe("Sources below this demand (queries/s) are not written to the sources table."),
        limit: z.number().int().min(1).default(100_000).describe("Most sources written per flush, highest demand first."),
        flushIntervalMs: z.number().int().min(100).default(5_000).describe("How often sources are written to the store."),
        ecsMaxPrefix4: z.number().int().min(1).max(32).default(24).describe("Longest IPv4 ECS prefix a source is counted at."),
        ecsMaxPrefix6: z.number().int().min(1).max(128).default(56).describe("Longest IPv6 ECS prefix a source is counted at."),
      })
      .strict()
      .default({
        maxSources: 1 << 20,
        halfLifeMs: 300_000,
        minRate: 0,
        limit: 100_000,
        flushIntervalMs: 5_000,
        ecsMaxPrefix4: 24,
        ecsMaxPrefix6: 56,
      }),
  })
  .strict();

/**
 * The measurement worker's settings. Only the scope is required: there is deliberately no
 * default of what may be probed. The other groups pass through to the worker, which validates
 * them field by field (see packages/measure).
 */
export const measureSchema = z
  .object({
    scope: z
      .object({
        allow: z.array(prefix).min(1).describe("Prefixes that may be probed."),
        exclude: z.array(prefix).optional().describe("Prefixes never probed."),
        defaultExclusions: z.boolean().optional().describe("Also exclude special-use ranges (default true)."),
      })
      .strict(),
    synchronous: z.enum(["OFF", "NORMAL", "FULL", "EXTRA"]).optional().describe("SQLite synchronous mode of the worker's writes."),
    schedule: z.record(z.string(), z.unknown()).optional(),
    probe: z.record(z.string(), z.unknown()).optional(),
    aggregate: z.record(z.string(), z.unknown()).optional(),
    storage: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** How the worker turns measurements into decisions; other keys go to @dnsteer/policy, which validates them. */
export const policySchema = z
  .object({
    evaluateIntervalMs: z.number().int().min(100).default(5_000).describe("How often the controller turns measurements into decisions."),
    sourceMaxAgeMs: z.number().int().min(1000).default(3_600_000).describe("Sources not seen for this long lose their decision."),
    downAfterLosses: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe("Consecutive lost probes that mark a path down at once (failover without waiting a window)."),
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
    idleTimeoutMs: z
      .number()
      .int()
      .min(100)
      .default(10_000)
      .describe("Close a connection with no query (and no answer owed) for this long, or whose client takes no answer for this long."),
    messageTimeoutMs: z
      .number()
      .int()
      .min(50)
      .default(500)
      .describe("A whole message must arrive within this of its first octet (slowloris guard)."),
    maxConnections: z
      .number()
      .int()
      .min(1)
      .default(256)
      .describe("Most connections per listen address; at the cap the least recently active one not owed answers is closed."),
    maxConnectionsPerPrefix: z.number().int().min(1).default(64).describe("Most connections from one source prefix (see `prefix`)."),
    prefix: z
      .object({ v4: z.number().int().min(0).max(32).default(24), v6: z.number().int().min(0).max(64).default(56) })
      .strict()
      .default({ v4: 24, v6: 56 })
      .describe("What one source is: IPv4 /v4, IPv6 /v6 (at most /64)."),
    maxQueriesInFlight: z
      .number()
      .int()
      .min(1)
      .default(128)
      .describe("Answers a connection may have waiting to be sent before reading from it pauses."),
    maxUnsentBytes: z
      .number()
      .int()
      .min(1024)
      .default(131_072)
      .describe("Octets of answers a connection may have waiting to be sent before reading from it pauses."),
  })
  .strict();

/**
 * Response rate limiting on UDP (BIND's RRL, Knot's mod-rrl). Peers' defaults: BIND slip 2,
 * window 15 s, /24 and /56; Knot rate 50, slip 1, table 393241; NSD 200/s, slip 2. Off by
 * default as in BIND and Knot (NSD: on).
 */
export const rrlSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe("Limit UDP responses per source prefix (off by default, as in BIND and Knot; NSD has it on at 200/s)."),
    responsesPerSecond: z
      .number()
      .int()
      .min(1)
      .default(50)
      .describe("Answers (and NODATA) per second to one source prefix, per name and type (Knot's 50)."),
    nxdomainsPerSecond: z
      .number()
      .int()
      .min(1)
      .default(50)
      .describe("NXDOMAIN responses per second to one source prefix, whatever the name."),
    referralsPerSecond: z.number().int().min(1).default(50).describe("Referrals per second to one source prefix."),
    errorsPerSecond: z
      .number()
      .int()
      .min(1)
      .default(50)
      .describe("Error responses (REFUSED, SERVFAIL, FORMERR, ...) per second to one source prefix."),
    slip: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe(
        "Every slip-th limited response is sent as an empty TC=1 reply (the client retries over TCP); 0 drops all, 1 slips all (BIND's 2).",
      ),
    windowSeconds: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(15)
      .describe("How long a source's excess is remembered: its debt is capped at rate x window (BIND's 15 s)."),
    prefix: z
      .object({ v4: z.number().int().min(0).max(32).default(24), v6: z.number().int().min(0).max(64).default(56) })
      .strict()
      .default({ v4: 24, v6: 56 })
      .describe("What one source is: IPv4 /v4, IPv6 /v6 (at most /64)."),
    tableSize: z
      .number()
      .int()
      .min(1024)
      .max(1 << 24)
      .default(393_241)
      .describe("Buckets kept (fixed memory, ~22 octets each; Knot's 393241)."),
    exempt: z.array(prefix).default(["127.0.0.0/8", "::1/128"]).describe("Source prefixes never limited (loopback by default)."),
    logOnly: z.boolean().default(false).describe("Log and count what would be limited, but send every response."),
  })
  .strict();

/** DNS Cookies (RFC 7873; server cookies per RFC 9018, so servers sharing a secret accept each other's). */
export const cookiesSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Answer a query's client cookie with a server cookie (on by default, as in BIND)."),
    secrets: z
      .array(z.string().regex(/^[0-9a-fA-F]{32}$/, "32 hex digits (a 128-bit SipHash key)"))
      .default([])
      .describe(
        "Server secrets: the first makes cookies, all are accepted (rollover: add the new one first, drop the old after an hour). Share them across an anycast group. Empty: a random secret per process.",
      ),
    secretLifetimeSeconds: z
      .number()
      .int()
      .min(3600)
      .default(86_400)
      .describe(
        "With no `secrets`: how often the random secret is replaced; the previous one is still accepted until the next replacement.",
      ),
    requireForUdp: z
      .boolean()
      .default(false)
      .describe(
        "Answer UDP queries that lack a valid server cookie (but carry a client cookie) with BADCOOKIE and a fresh cookie (BIND's require-server-cookie).",
      ),
  })
  .strict();

/** The admin API (packages/api), run by `dnsteer api` and `dnsteer up`. */
export const apiSchema = z
  .object({
    address: address.default("127.0.0.1").describe("Where the admin API listens; a non-loopback address needs an API key in the store."),
    port: port.default(8053).describe("The admin API's TCP port."),
    keyFile: z
      .string()
      .min(1)
      .default("api.key")
      .describe("Admin token file (0600) created on first start, relative to dataDir; the CLI reads it."),
  })
  .strict()
  .default({ address: "127.0.0.1", port: 8053, keyFile: "api.key" })
  .describe("The REST admin API (docs at /docs, OpenAPI at /openapi.json).");

/** How the responder does UDP I/O and on how many cores (packages/server src/udp, packages/udp). */
export const serverSchema = z
  .object({
    udp: z
      .enum(["auto", "batch", "dgram"])
      .default("auto")
      .describe(
        'UDP I/O: "batch" = the packages/udp addon (recvmmsg/sendmmsg, answers from the address asked, SO_REUSEPORT); "dgram" = node:dgram; "auto" = the addon when it loads, else node:dgram. The choice and why is logged at start (changing it needs a restart).',
      ),
    workers: z
      .union([z.literal("auto"), z.number().int().min(1).max(256)])
      .default("auto")
      .describe(
        'UDP responder threads, each with its own SO_REUSEPORT socket per listen address and the same zones and decisions; "auto" = one per core. node:dgram has no SO_REUSEPORT on Node 20: there it is always 1 (a larger number is logged and ignored).',
      ),
  })
  .strict()
  .default({ udp: "auto", workers: "auto" })
  .describe("The responder's UDP transport and workers.");

/** Prometheus endpoints: the responder's own small HTTP listener (the API process serves its own /metrics). */
export const metricsSchema = z
  .object({
    listen: z
      .object({
        address: address.describe("Address of the responder's /metrics listener."),
        port: port.describe("Port of the responder's /metrics listener."),
      })
      .strict()
      .nullable()
      .default({ address: "127.0.0.1", port: 9153 })
      .describe("The responder's /metrics listener; null = none."),
  })
  .strict()
  .default({ listen: { address: "127.0.0.1", port: 9153 } });

export const configSchema = z
  .object({
    listen: z.array(listenSchema).min(1).describe("Where the responder answers, UDP and TCP on each (changing it needs a restart)."),
    zones: z.array(zoneSchema).min(1).describe("Zones served; added or removed ones take effect at a reload."),
    tsig: z.array(tsigKeySchema).default([]).describe("TSIG keys (RFC 8945) for zone transfers and NOTIFY."),
    dataDir: z.string().min(1).describe("Folder for the SQLite store and other state, relative to the config file."),
    nsid: z.string().max(128).optional().describe("NSID (RFC 5001) returned to queries that ask for it."),
    chaos: z
      .object({
        version: z.string().max(255).nullable().describe("Answer to version.bind/version.server CH TXT; null refuses."),
        identity: z.string().max(255).nullable().describe("Answer to hostname.bind/id.server CH TXT; null refuses."),
      })
      .strict(),
    udpPayloadSize: z.number().int().min(512).max(4096).describe("Largest UDP answer offered with EDNS (DNS flag day 2020: 1232)."),
    templateCacheEntries: z.number().int().min(0).describe("Answers kept as templates for reuse (0 = no cache)."),
    tcp: tcpSchema,
    rrl: rrlSchema,
    cookies: cookiesSchema,
    udpReceiveBufferBytes: z
      .number()
      .int()
      .min(65_536)
      .max(1 << 28)
      .default(4 * 1024 * 1024)
      .describe(
        "Receive buffer asked for each UDP socket: queries arriving while the responder is busy (a GC pause, a reload) wait there instead of being dropped. Linux caps it at net.core.rmem_max.",
      ),
    log: z
      .object({
        level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).describe("Least severe level logged (pino)."),
      })
      .strict(),
    api: apiSchema,
    metrics: metricsSchema,
    server: serverSchema,
    providers: z.array(providerSchema).default([]).describe("Network providers steered between."),
    steering: steeringSchema.optional().describe("Steered names; absent = a plain authoritative server."),
    measure: measureSchema.optional().describe("The measurement worker; absent = nothing is probed."),
    policy: policySchema.default({ evaluateIntervalMs: 5_000, sourceMaxAgeMs: 3_600_000, downAfterLosses: 3 }),
    store: storeSchema,
    roles: rolesSchema,
  })
  .strict()
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    config.providers.forEach((p, i) => {
      if (names.has(p.name)) ctx.addIssue({ code: "custom", path: ["providers", i, "name"], message: `duplicate provider "${p.name}"` });
      names.add(p.name);
    });
    const keys = new Set(config.tsig.map((k) => k.name.replace(/\.$/, "").toLowerCase()));
    config.zones.forEach((zone, i) => {
      const key = zone.transfer?.key;
      if (key !== undefined && !keys.has(key.replace(/\.$/, "").toLowerCase()))
        ctx.addIssue({ code: "custom", path: ["zones", i, "transfer", "key"], message: `no tsig key named "${key}"` });
    });
    const d = config.steering?.defaultProvider;
    if (d !== undefined && !names.has(d))
      ctx.addIssue({ code: "custom", path: ["steering", "defaultProvider"], message: `no provider named "${d}"` });
  });

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type SteeringConfig = z.infer<typeof steeringSchema>;
export type MeasureConfig = z.infer<typeof measureSchema>;
export type PolicySettings = z.infer<typeof policySchema>;
export type ServerConfig = z.infer<typeof serverSchema>;
