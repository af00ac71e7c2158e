import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Testbed } from "../../../../fixtures/testbed/index.js";
import { UNBOUND_PORT } from "./unbound.js";

/**
 * Demand through the real resolvers: one dnsperf per unbound, paced at `qps` (dnsperf -Q), for
 * `seconds`. Each client query reaches dnsteer as one query from the resolver's address (TTL 0),
 * so the flow analyzer's decayed rate for that source tends to `qps`.
 */
export function startLoad(tb: Testbed, dir: string, name: string, rates: Record<string, number>, seconds: number): ChildProcess[] {
  const data = join(dir, "dnsperf-queries.txt");
  writeFileSync(data, `${name} A\n`);
  return Object.entries(rates).map(([resolver, qps]) =>
    tb.nsSpawn(
      "resolvers",
      [
        "dnsperf",
        "-s",
        resolver,
        "-p",
        String(UNBOUND_PORT),
        "-d",
        data,
        "-Q",
        String(qps),
        "-l",
        String(seconds),
        "-c",
        "1",
        "-T",
        "1",
        "-q",
        "10",
        "-t",
        "3",
      ],
      { stdio: "ignore" },
    ),
  );
}
