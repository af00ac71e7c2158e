import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Decision, ProviderInput, SourceInput } from "../src/index.js";

/** A directory per test file; cleanup empties it, file() recreates it, so afterEach(cleanup) works. */
export function tempDir(): { dir: string; file: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-storage-"));
  return {
    dir,
    file: (name = "test.db") => {
      mkdirSync(dir, { recursive: true });
      return join(dir, name);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function provider(name: string, extra: Partial<ProviderInput> = {}): ProviderInput {
  return {
    name,
    sourceV4: "192.0.2.1",
    sourceV6: "2001:db8::1",
    serviceA: ["198.51.100.1"],
    serviceAAAA: [],
    pricePerMbps: 1,
    commitMbps: 100,
    priceAboveCommit: 2,
    capacityMbps: 1000,
    ...extra,
  };
}

export function source(address: string, extra: Partial<SourceInput> = {}): SourceInput {
  return {
    address,
    prefixLength: address.includes(":") ? 128 : 32,
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

/** A complete decision for `source` ("192.0.2.0/24") on `provider`, as the policy would make a first one. */
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
