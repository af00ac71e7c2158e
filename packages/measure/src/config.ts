import { isProbeKind } from "@dnsteer/model";
import type { ProbeKind } from "@dnsteer/probe";
import type { ProviderInput, Synchronous } from "@dnsteer/storage";
import type { AddressPolicyConfig } from "./address-policy.js";
import { type AggregateParams, DEFAULT_AGGREGATE } from "./aggregate.js";
import { MeasureError } from "./errors.js";
import { DEFAULT_SCHEDULE, type ScheduleConfig } from "./scheduler.js";
import { parseServiceCheck, type ServiceCheckConfig, type ServiceCheckType } from "./service-checks/config.js";

/**
 * A provider as the worker sees it: the stored provider plus `device`, the provider's link (an
 * interface name in the worker's namespace). Optional; when set, ICMP probes leave through a raw
 * socket bound to it (SO_BINDTODEVICE), because with IP_HDRINCL the kernel routes by the socket,
 * not by the source we write (probe README). Not stored: it is local to the host running the worker.
 */
export type WorkerProvider = ProviderInput & { device?: string | null; serviceCheck?: ServiceCheckConfig | null };

/** The worker's configuration (JSON file for worker-main; the CLI passes the same shape). */
export interface WorkerConfig {
  database: string;
  synchronous: Synchronous;
  providers: WorkerProvider[];
  scope: AddressPolicyConfig;
  schedule: ScheduleConfig;
  /**
   * `realtimePriority` (1-99, optional): SCHED_FIFO for the probing thread only (realtime.ts):
   * replies are stamped when this thread reads them, so the time the OS takes to run it is RTT error.
   */
  probe: {
    timeoutMs: number;
    tcpPort: number;
    /** DNS probes: the resolver's port and the question asked ("." NS unless set: any resolver has it or refuses it at once). */
    dnsPort: number;
    dnsName: string;
    maxInFlight: number;
    realtimePriority?: number;
    statsEveryMs: number;
  };
  aggregate: AggregateParams;
  storage: { flushMs: number; retentionMs: number; retentionEveryMs: number; refreshTargetsMs: number; maxTargets: number };
  /** Bounds for tests and one-shot runs; absent = run until signalled. */
  run: { durationMs?: number; maxProbes?: number };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };
/** A provider as given (worker.json, the main config): its service check not yet filled with defaults. */
export type WorkerProviderInput = Omit<WorkerProvider, "serviceCheck"> & {
  serviceCheck?: { type: ServiceCheckType; [key: string]: unknown } | null;
};
export type WorkerConfigInput = Pick<WorkerConfig, "database" | "scope"> & { providers: WorkerProviderInput[] } & DeepPartial<
    Omit<WorkerConfig, "database" | "providers" | "scope">
  >;

/** `statsEveryMs`: how often the worker logs its `probe-stats` line (probes per provider, failures by cause). */
export const DEFAULT_PROBE = { timeoutMs: 1000, tcpPort: 53, dnsPort: 53, dnsName: ".", maxInFlight: 5000, statsEveryMs: 10_000 };
export const DEFAULT_STORAGE = {
  flushMs: 200,
  retentionMs: 7 * 86_400_000,
  retentionEveryMs: 60_000,
  refreshTargetsMs: 5000,
  maxTargets: 100_000,
};

/** Validates and fills defaults. Throws MeasureError("BAD_CONFIG") naming the first bad field. */
export function parseWorkerConfig(input: unknown): WorkerConfig {
  const c = obj(input, "config");
  const database = str(c.database, "database");
  const providers = arr(c.providers, "providers").map((p, i) => provider(p, `providers[${i}]`));
  if (providers.length === 0) bad("providers", "at least one provider");
  const scope = obj(c.scope, "scope");
  const allow = arr(scope.allow, "scope.allow").map((a, i) => str(a, `scope.allow[${i}]`));
  if (allow.length === 0) bad("scope.allow", "a non-empty allow-list (no default scope: say what may be probed)");
  const schedule = { ...DEFAULT_SCHEDULE, ...(opt(c.schedule, "schedule") as Partial<ScheduleConfig>) };
  for (const k of ["budgetPerSec", "burst", "minIntervalMs", "lowDemandStretch", "ageOutMs", "fallbackAfterLosses"] as const)
    positive(schedule[k], `schedule.${k}`);
  for (const k of ["pacingJitter", "intervalJitter"] as const)
    if (!(schedule[k] >= 0 && schedule[k] <= 1)) bad(`schedule.${k}`, "a number in [0, 1]");
  if (!(schedule.uncertainBoost >= 1 && Number.isFinite(schedule.uncertainBoost))) bad("schedule.uncertainBoost", "a number >= 1");
  if (!(Number.isInteger(schedule.surpriseProbes) && schedule.surpriseProbes >= 0)) bad("schedule.surpriseProbes", "an integer >= 0");
  positive(schedule.surpriseGapMs, "schedule.surpriseGapMs");
  if (!Array.isArray(schedule.kinds) || schedule.kinds.length === 0 || schedule.kinds.some((k) => !isProbeKind(k)))
    bad("schedule.kinds", '["icmp","tcp","dns"] or a subset, in the order they are tried');
  const probe = { ...DEFAULT_PROBE, ...opt(c.probe, "probe") } as WorkerConfig["probe"];
  for (const k of ["timeoutMs", "tcpPort", "dnsPort", "maxInFlight", "statsEveryMs"] as const) positive(probe[k], `probe.${k}`);
  if (!isDomainName(probe.dnsName)) bad("probe.dnsName", 'a domain name (default ".")');
  const rt = probe.realtimePriority;
  if (rt !== undefined && !(Number.isInteger(rt) && rt >= 1 && rt <= 99)) bad("probe.realtimePriority", "an integer in [1, 99]");
  const aggregate = { ...DEFAULT_AGGREGATE, ...opt(c.aggregate, "aggregate") } as AggregateParams;
  if (!(aggregate.ewmaAlpha > 0 && aggregate.ewmaAlpha <= 1)) bad("aggregate.ewmaAlpha", "a number in (0, 1]");
  positive(aggregate.window, "aggregate.window");
  const storage = { ...DEFAULT_STORAGE, ...opt(c.storage, "storage") } as WorkerConfig["storage"];
  for (const k of Object.keys(DEFAULT_STORAGE) as (keyof typeof DEFAULT_STORAGE)[]) positive(storage[k], `storage.${k}`);
  const synchronous = (c.synchronous ?? "NORMAL") as Synchronous;
  if (!["OFF", "NORMAL", "FULL", "EXTRA"].includes(synchronous)) bad("synchronous", "OFF, NORMAL, FULL or EXTRA");
  const run = opt(c.run, "run") as WorkerConfig["run"];
  const exclude = scope.exclude === undefined ? [] : arr(scope.exclude, "scope.exclude").map((a, i) => str(a, `scope.exclude[${i}]`));
  return {
    database,
    synchronous,
    providers,
    scope: { allow, exclude, defaultExclusions: scope.defaultExclusions !== false },
    schedule: schedule as ScheduleConfig & { kinds: ProbeKind[] },
    probe,
    aggregate,
    storage,
    run,
  };
}

function provider(v: unknown, at: string): WorkerProvider {
  const p = obj(v, at);
  const name = str(p.name, `${at}.name`);
  const strs = (x: unknown, f: string) => (x === undefined ? [] : arr(x, `${at}.${f}`).map((s, i) => str(s, `${at}.${f}[${i}]`)));
  const num = (x: unknown, f: string, d: number) =>
    x === undefined ? d : typeof x === "number" && x >= 0 ? x : bad(`${at}.${f}`, "a number >= 0");
  return {
    name,
    enabled: p.enabled !== false,
    sourceV4: p.sourceV4 === undefined || p.sourceV4 === null ? null : str(p.sourceV4, `${at}.sourceV4`),
    sourceV6: p.sourceV6 === undefined || p.sourceV6 === null ? null : str(p.sourceV6, `${at}.sourceV6`),
    device: p.device === undefined || p.device === null ? null : deviceName(p.device, `${at}.device`),
    serviceCheck: p.serviceCheck === undefined || p.serviceCheck === null ? null : parseServiceCheck(p.serviceCheck, `${at}.serviceCheck`),
    serviceA: strs(p.serviceA, "serviceA"),
    serviceAAAA: strs(p.serviceAAAA, "serviceAAAA"),
    pricePerMbps: num(p.pricePerMbps, "pricePerMbps", 0),
    commitMbps: num(p.commitMbps, "commitMbps", 0),
    priceAboveCommit: num(p.priceAboveCommit, "priceAboveCommit", 0),
    billingPercentile: num(p.billingPercentile, "billingPercentile", 95),
    capacityMbps: p.capacityMbps === undefined || p.capacityMbps === null ? null : num(p.capacityMbps, "capacityMbps", 0),
  };
}

function isDomainName(v: unknown): boolean {
  if (typeof v !== "string" || v.length === 0 || v.length > 253) return false;
  return (
    v === "." ||
    v
      .replace(/\.$/, "")
      .split(".")
      .every((label) => /^[A-Za-z0-9_-]{1,63}$/.test(label))
  );
}

/** Linux interface names are 1..15 bytes with no '/' or whitespace. */
function deviceName(v: unknown, at: string): string {
  return typeof v === "string" && /^[^\s/]{1,15}$/.test(v) ? v : bad(at, "an interface name (1-15 characters, no '/' or spaces)");
}
function bad(at: string, want: string): never {
  throw new MeasureError("BAD_CONFIG", `${at}: expected ${want}`);
}
function obj(v: unknown, at: string): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : bad(at, "an object");
}
function opt(v: unknown, at: string): Record<string, unknown> {
  return v === undefined ? {} : obj(v, at);
}
function arr(v: unknown, at: string): unknown[] {
  return Array.isArray(v) ? v : bad(at, "an array");
}
function str(v: unknown, at: string): string {
  return typeof v === "string" && v.length > 0 ? v : bad(at, "a non-empty string");
}
function positive(v: unknown, at: string): void {
  if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) bad(at, "a positive number");
}
