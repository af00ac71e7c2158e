import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Decision,
  type PathStat,
  type ProviderInput,
  type SampleInput,
  type SourceInput,
  SqliteBackend,
  type StoreBackend,
} from "@dnsteer/storage";
import { startThrowawayCluster, type ThrowawayCluster } from "../src/cluster/index.js";
import { PgBackend } from "../src/index.js";

/** How a test gets a fresh, empty store of one kind; `stop` frees what `setup` made. */
export interface BackendKind {
  name: "sqlite" | "postgres";
  setup(): Promise<void>;
  open(): Promise<StoreBackend>;
  /** A second handle on the same store as the last `open` (another process's view). */
  reopen(): Promise<StoreBackend>;
  stop(): Promise<void>;
}

export function sqliteKind(site = "site-a"): BackendKind {
  let dir = "";
  let n = 0;
  return {
    name: "sqlite",
    async setup() {
      dir = mkdtempSync(join(tmpdir(), "dnsteer-store-contract-"));
    },
    async open() {
      n++;
      return SqliteBackend.open(join(dir, `t${n}.db`), { site });
    },
    async reopen() {
      return SqliteBackend.open(join(dir, `t${n}.db`), { site });
    },
    async stop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresKind(): BackendKind & { cluster(): ThrowawayCluster; url(): string } {
  let cluster: ThrowawayCluster | undefined;
  let n = 0;
  let url = "";
  return {
    name: "postgres",
    async setup() {
      cluster = await startThrowawayCluster();
    },
    async open() {
      url = await cluster!.createDatabase(`t${++n}`);
      return PgBackend.open(url);
    },
    async reopen() {
      return PgBackend.open(url);
    },
    async stop() {
      await cluster?.remove();
    },
    cluster: () => cluster!,
    url: () => url,
  };
}

export function provider(name: string): ProviderInput {
  return {
    name,
    sourceV4: "192.0.2.1",
    sourceV6: "2001:db8::1",
    serviceA: ["198.51.100.1"],
    serviceAAAA: ["2001:DB8:0:0::5"],
    pricePerMbps: 1,
    commitMbps: 100,
    priceAboveCommit: 2,
    capacityMbps: 1000,
  };
}

export function source(address: string, extra: Partial<SourceInput> = {}): SourceInput {
  return {
    address,
    prefixLength: address.includes(":") ? 56 : 24,
    aggregateAddress: null,
    aggregatePrefixLength: null,
    rate: 1,
    queries: 1,
    groupCounts: {},
    firstSeen: 1000,
    lastSeen: 1000,
    ecs: false,
    ...extra,
  };
}

export function decision(source: string, provider: string, extra: Partial<Decision> = {}): Decision {
  return {
    source,
    provider,
    level: "source",
    prefixLength: Number(source.slice(source.lastIndexOf("/") + 1)),
    demandMbps: 0,
    reason: { mode: "latency", cause: "first", from: null, providers: [] },
    state: { provider, since: 0, challenger: null, challengerCount: 0 },
    ...extra,
  };
}

export function sample(source: string, provider: string, rttUs: number | null, at: number, extra: Partial<SampleInput> = {}): SampleInput {
  return { source, provider, kind: "icmp", family: source.includes(":") ? 6 : 4, rttUs, at, ...extra };
}

export function stat(prefix: string, provider: string, extra: Partial<PathStat> = {}): PathStat {
  return {
    prefix,
    prefixLength: prefix.includes(":") ? 56 : 24,
    provider,
    kind: "icmp",
    ewmaRttUs: 1000,
    medianRttUs: 1000,
    lossRatio: 0,
    jitterUs: 10,
    sampleCount: 3,
    lastRttUs: 1000,
    window: [1000, null, 1000],
    updatedAt: 5000,
    ...extra,
  };
}

/** Collects values fed to it; `until` resolves with the first value (already fed or to come) that `predicate` accepts. */
export function collector<T>(): { feed: (value: T) => void; until: (predicate: (value: T) => boolean) => Promise<T>; values: T[] } {
  const values: T[] = [];
  const waiting: { predicate: (value: T) => boolean; resolve: (value: T) => void }[] = [];
  return {
    values,
    feed(value) {
      values.push(value);
      for (const w of waiting.splice(0)) {
        if (w.predicate(value)) w.resolve(value);
        else waiting.push(w);
      }
    },
    until(predicate) {
      const found = values.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiting.push({ predicate, resolve }));
    },
  };
}
