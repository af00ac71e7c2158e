// pnpm bench:store [--sources N] [--providers N] [--batch N] [--subscribers N] [--rounds N] [--changed N]
// SQLite (a file in a temp folder) and PostgreSQL (a throwaway cluster, Debian's binaries) in the
// same run: write rates of one evaluation cycle at N sources × providers, then decision
// propagation from the decider to N subscribers (p50/p99) and what a responder reads per version
// (the changes since its version vs every decision); prints both and PostgreSQL's ratios.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteBackend, type StoreBackend } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { startThrowawayCluster } from "@dnsteer/store-pg/cluster";
import { measureChangeReads } from "./change-reads.js";
import { percentile, SignalBench } from "./propagation.js";
import { providers } from "./workload.js";
import { measureWrites } from "./write-rate.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const sources = flag("--sources", 100_000);
const providerCount = flag("--providers", 3);
const batch = flag("--batch", 1000);
const subscriberCount = flag("--subscribers", 8);
const rounds = flag("--rounds", 20);
const changed = flag("--changed", 100);
const list = providers(providerCount);
const names = list.map((p) => p.name);

const folder = mkdtempSync(join(tmpdir(), "dnsteer-bench-store-"));
const cluster = await startThrowawayCluster();
// Interrupted: the cluster and the folder go too (the server is ours, stopped by its pg_ctl).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void cluster.remove().finally(() => {
      rmSync(folder, { recursive: true, force: true });
      process.exit(130);
    });
  });
}
try {
  console.log(
    `${sources} sources × ${providerCount} providers, sample batches of ${batch} sources; ${subscriberCount} subscribers, ${rounds} rounds of ${changed} changed decisions`,
  );
  const url = await cluster.createDatabase("bench");
  const openers: (() => Promise<StoreBackend>)[] = [
    () => Promise.resolve(SqliteBackend.open(join(folder, "bench.db"), { site: "site-a" })),
    () => PgBackend.open(url, { poolSize: 4 }),
  ];
  const writers = await Promise.all(openers.map((open) => open()));
  for (const w of writers) await w.syncProviders(list);
  const [sqliteWrites, pgWrites] = await measureWrites(writers, sources, names, batch);
  console.error("writes done; propagation...");
  // Keeps the process up while only watches run (their timers are unref'd, as a responder's are).
  const keepAlive = setInterval(() => undefined, 1000);
  const subscribers = await Promise.all(openers.map((open) => Promise.all(Array.from({ length: subscriberCount }, () => open()))));
  const benches = await Promise.all(writers.map((w, i) => SignalBench.start(w, subscribers[i]!, names, changed)));
  // Rounds alternate between the backends, for the same reason as the writes.
  for (let round = 1; round <= rounds; round++) for (const b of benches) await b.round(round);
  for (const b of benches) await b.close();
  // What a responder reads per version: the changes since its version vs every decision.
  const reads = [];
  for (const w of writers) reads.push(await measureChangeReads(w, names, changed, rounds + 1));
  const [sqliteReads, pgReads] = reads as [(typeof reads)[0], (typeof reads)[0]];
  for (const s of [...writers, ...subscribers.flat()]) await s.close();
  clearInterval(keepAlive);
  const sqlite = { writes: sqliteWrites!, signal: [percentile(benches[0]!.signal, 50), percentile(benches[0]!.signal, 99)] as const };
  const postgres = { writes: pgWrites!, signal: [percentile(benches[1]!.signal, 50), percentile(benches[1]!.signal, 99)] as const };
  const row = (label: string, a: number, b: number, unit: string, digits = 0) =>
    console.log(
      `${label.padEnd(34)} ${a.toFixed(digits).padStart(10)} ${b.toFixed(digits).padStart(12)} ${unit.padEnd(10)} ${(b / a).toFixed(2).padStart(6)}`,
    );
  console.log(`${"".padEnd(34)} ${"SQLite".padStart(10)} ${"PostgreSQL".padStart(12)} ${"".padEnd(10)} ${"PG/SQLite".padStart(6)}`);
  row("samples + aggregates written", sqlite.writes.samplesPerSec, postgres.writes.samplesPerSec, "/s");
  row("demand report (one responder)", sqlite.writes.demandPerSec, postgres.writes.demandPerSec, "sources/s");
  row("decisions written", sqlite.writes.decisionsPerSec, postgres.writes.decisionsPerSec, "/s");
  row("whole map read", sqlite.writes.mapReadMs, postgres.writes.mapReadMs, "ms", 1);
  row("per version: every decision read", sqliteReads.wholeMs, pgReads.wholeMs, "ms", 1);
  row(`per version: changes read${sqliteReads.full ? " *" : ""}`, sqliteReads.changesMs, pgReads.changesMs, "ms", 1);
  row("propagation: signal p50", sqlite.signal[0], postgres.signal[0], "ms", 1);
  row("propagation: signal p99", sqlite.signal[1], postgres.signal[1], "ms", 1);
  // A responder has the new map once it heard the version and read what changed (the follower
  // and the mirror each read the changes: twice).
  row(
    "propagation p50: signal + 2 reads",
    sqlite.signal[0] + 2 * sqliteReads.changesMs,
    postgres.signal[0] + 2 * pgReads.changesMs,
    "ms",
    1,
  );
  row(
    "propagation p99: signal + 2 reads",
    sqlite.signal[1] + 2 * sqliteReads.changesMs,
    postgres.signal[1] + 2 * pgReads.changesMs,
    "ms",
    1,
  );
  if (sqliteReads.full) console.log("* SQLite keeps no tombstones: its decisionChanges reads every decision");
} finally {
  await cluster.remove();
  rmSync(folder, { recursive: true, force: true });
}
