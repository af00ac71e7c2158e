import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, configSchema, defaultConfig } from "@dnsteer/config";
import type { Decision, DecisionCause, DecisionLevel } from "@dnsteer/model";
import { Store } from "@dnsteer/storage";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { type ApiOptions, buildApi, createApiKey, LocalZones } from "../src/index.js";

export function zoneText(serial: number, extra = ""): string {
  return `$ORIGIN example.test.
$TTL 3600
@ IN SOA ns1 hostmaster ${serial} 7200 900 1209600 300
  NS ns1
ns1 A 192.0.2.53
www 300 A 192.0.2.80
${extra}`;
}

export const PROVIDERS = [
  {
    name: "isp-a",
    sourceV4: "192.0.2.1",
    serviceA: ["198.51.100.1"],
    pricePerMbps: 1,
    commitMbps: 100,
    priceAboveCommit: 2,
    capacityMbps: 1000,
  },
  { name: "isp-b", sourceV4: "192.0.2.2", serviceA: ["198.51.100.2"], pricePerMbps: 2 },
];

export interface Harness {
  dir: string;
  zoneFile: string;
  dbPath: string;
  config: Config;
  store: Store;
  app: FastifyInstance;
  clock: { now(): number; t: number };
  admin: string;
  reader: string;
  /** app.inject with a key (admin unless given; null: none). */
  call(
    method: InjectOptions["method"],
    url: string,
    opts?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** Every table the API writes, and the zone file: equal before and after a refused request. */
  snapshot(): string;
  /** A new store connection and app over the same files, as after a restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function harness(options: ApiOptions = {}, configOverrides: Record<string, unknown> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-api-"));
  const zoneFile = join(dir, "example.test.zone");
  writeFileSync(zoneFile, zoneText(1));
  const config = configSchema.parse({
    ...defaultConfig(),
    zones: [{ file: zoneFile, origin: "example.test." }],
    dataDir: dir,
    providers: PROVIDERS,
    steering: { names: [{ name: "www.example.test." }] },
    measure: { scope: { allow: ["198.51.100.0/24", "2001:db8:100::/48"] } },
    ...configOverrides,
  });
  const dbPath = join(dir, "dnsteer.sqlite");
  const clock = {
    t: 1_700_000_000_000,
    now() {
      return this.t;
    },
  };
  const h = { dir, zoneFile, dbPath, config, clock } as Harness;
  const open = () => {
    h.store = Store.open(dbPath, { now: () => clock.now() });
    h.store.syncProviders(config.providers);
    h.app = buildApi({ store: h.store, zones: new LocalZones(config.zones, clock), config, clock }, options);
  };
  open();
  h.admin = createApiKey(h.store, "ops", "admin", clock.now()).token;
  h.reader = createApiKey(h.store, "viewer", "read", clock.now()).token;
  h.call = (method, url, opts = {}) => {
    const token = opts.token === undefined ? h.admin : opts.token;
    const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...opts.headers };
    return h.app.inject({ method, url, headers, ...(opts.body === undefined ? {} : { payload: opts.body as InjectOptions["payload"] }) });
  };
  h.snapshot = () => {
    const tables = [
      "providers",
      "provider_overrides",
      "steered_names",
      "policy_settings",
      "api_keys",
      "audit_log",
      "probe_requests",
      "decisions",
    ];
    const rows = Object.fromEntries(tables.map((t) => [t, h.store.db.prepare(`SELECT * FROM ${t}`).all()]));
    return JSON.stringify({ rows, zone: readFileSync(zoneFile, "utf8") }, (_k, v) => (Buffer.isBuffer(v) ? v.toString("hex") : v));
  };
  h.restart = async () => {
    await h.app.close();
    h.store.close();
    open();
  };
  h.close = async () => {
    await h.app.close();
    h.store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return h;
}

/** The audit log, oldest first. */
export function auditActions(h: Harness): string[] {
  return h.store.admin.audit
    .page({ limit: 1000, offset: 0 })
    .items.map((e) => `${e.action} ${e.target} by ${e.keyName}`)
    .reverse();
}

/** A decision as the policy makes it (no verdicts). */
export function decision(
  source: string,
  provider: string,
  level: DecisionLevel,
  cause: DecisionCause,
  from: string | null = null,
): Decision {
  const prefixLength = Number(source.split("/")[1]);
  return {
    source,
    provider,
    level,
    prefixLength,
    demandMbps: 0,
    reason: { mode: "latency", cause, from, providers: [] },
    state: { provider, since: 0, challenger: null, challengerCount: 0 },
  };
}
