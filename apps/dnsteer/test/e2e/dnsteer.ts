import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Testbed } from "../../../../fixtures/testbed/index.js";
import { BIN } from "../run.js";

export const ZONE = "example.test.";
export const STEERED = "www.example.test.";
/** What a source without a decision gets (the zone's own record): belongs to no provider. */
export const ZONE_DEFAULT_A = "192.0.2.99";

/** Service address answered when provider `name` (p1, p2, p3) is chosen: .80 in the provider's own prefix. */
export function serviceAddress(providerV4: string): string {
  return providerV4.replace(/\.\d+$/, ".80");
}

export function zoneText(): string {
  return `$ORIGIN ${ZONE}
$TTL 60
@     IN SOA ns1 hostmaster 1 7200 900 1209600 60
      IN NS  ns1
ns1   IN A   203.0.113.1
www   0  IN A ${ZONE_DEFAULT_A}
`;
}

export interface ProviderCost {
  pricePerMbps?: number;
  commitMbps?: number;
  priceAboveCommit?: number;
  capacityMbps?: number | null;
}

/** The one config `dnsteer serve` and `dnsteer worker` share (same dataDir = same SQLite file). */
export function dnsteerConfig(
  tb: Testbed,
  dir: string,
  o: {
    policy: Record<string, unknown>;
    measure: Record<string, unknown>;
    steering: Record<string, unknown>;
    costs?: Record<string, ProviderCost>;
  },
): string {
  writeFileSync(join(dir, "example.test.zone"), zoneText());
  const config = {
    listen: tb.providers.map((p) => ({ address: p.v4, port: 53 })),
    zones: [{ file: "example.test.zone", origin: ZONE }],
    dataDir: "data",
    log: { level: "info" },
    providers: tb.providers.map((p) => ({
      name: p.name,
      sourceV4: p.v4,
      sourceV6: p.v6,
      serviceA: [serviceAddress(p.v4)],
      ...(o.costs?.[p.name] ?? {}),
    })),
    steering: { names: [{ name: STEERED }], ...o.steering },
    measure: o.measure,
    policy: o.policy,
  };
  const path = join(dir, "dnsteer.json");
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

export interface Daemon {
  child: ChildProcess;
  log: () => string;
}

/** Spawn `dnsteer <command> --config FILE` in the edge namespace; resolves once `readyText` is logged. */
export function startInEdge(
  tb: Testbed,
  command: "serve" | "worker",
  config: string,
  readyText: string,
  timeoutMs = 30_000,
): Promise<Daemon> {
  return new Promise((resolve, reject) => {
    const child = tb.nsSpawn("edge", [BIN, command, "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const log = () => out;
    const timer = setTimeout(
      () => reject(new Error(`dnsteer ${command} did not log ${readyText} within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      out += d;
      // Keep memory bounded on a long run: the start and the recent tail are what a failure needs.
      if (out.length > 4_000_000) out = out.slice(0, 100_000) + "\n[...]\n" + out.slice(-1_000_000);
      if (out.includes(readyText)) {
        clearTimeout(timer);
        resolve({ child, log });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`dnsteer ${command} exited (${code ?? signal}):\n${out}`));
    });
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the child has exited. */
export function stopChild(child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners("exit");
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
