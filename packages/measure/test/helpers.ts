import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SourceInput } from "@dnsteer/storage";

export function tempDir(): { file: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-measure-"));
  return {
    file: (name = "test.db") => {
      mkdirSync(dir, { recursive: true });
      return join(dir, name);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function source(address: string, rate = 1, extra: Partial<SourceInput> = {}): SourceInput {
  return {
    address,
    prefixLength: address.includes(":") ? 128 : 32,
    aggregateAddress: null,
    aggregatePrefixLength: null,
    rate,
    queries: 1,
    groupCounts: {},
    firstSeen: Date.now(),
    lastSeen: Date.now(),
    ecs: false,
    ...extra,
  };
}

/** A TCP listener on one port of both loopbacks, standing in for resolvers' port 53. */
export async function listenBoth(): Promise<{ port: number; close: () => void }> {
  const make = () => createServer((s) => s.on("error", () => {}).destroy());
  const v4: Server = make();
  await new Promise<void>((r) => v4.listen(0, "127.0.0.1", r));
  const port = (v4.address() as { port: number }).port;
  const v6: Server = make();
  await new Promise<void>((r, j) => v6.once("error", j).listen(port, "::1", r));
  return {
    port,
    close: () => {
      v4.close();
      v6.close();
    },
  };
}

export const loopbackProvider = {
  name: "lo",
  sourceV4: "127.0.0.1",
  sourceV6: "::1",
  serviceA: ["127.0.0.1"],
  serviceAAAA: [],
  pricePerMbps: 1,
  commitMbps: 10,
  priceAboveCommit: 2,
  capacityMbps: 100,
};
