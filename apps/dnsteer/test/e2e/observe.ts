import { writeFileSync } from "node:fs";
import { type PathStat, type Source, Store, type StoredDecision } from "@dnsteer/storage";
import type { Testbed } from "../../../../fixtures/testbed/index.js";
import { UNBOUND_PORT } from "./unbound.js";

/**
 * One dig process asks every unbound in turn (`dig -f`, one line per resolver): on a 2-core box
 * a dig process per resolver per poll costs enough CPU to show up as event-loop lag in the
 * worker's user-space TCP timing. Returns per resolver the first A record, or what came back instead.
 */
export async function digEach(tb: Testbed, resolvers: readonly string[], name: string, batchFile: string): Promise<Record<string, string>> {
  writeFileSync(batchFile, resolvers.map((r) => `@${r} -p ${UNBOUND_PORT} ${name} A`).join("\n") + "\n");
  const r = await tb.nsExec("resolvers", ["dig", "+time=3", "+tries=1", "+noall", "+answer", "+comments", "-f", batchFile], {
    timeoutMs: 5000 * resolvers.length,
  });
  // Blocks in query order: each starts with ";; Got answer:" or is a "no servers could be reached" line.
  const blocks: string[] = [];
  for (const line of r.stdout.split("\n")) {
    if (line.startsWith(";; Got answer:")) blocks.push("");
    else if (line.includes("no servers could be reached")) blocks.push("status: TIMEOUT");
    else if (blocks.length) blocks[blocks.length - 1] += line + "\n";
  }
  if (blocks.length !== resolvers.length) {
    // Output not understood: ask one by one rather than guess.
    const out: Record<string, string> = {};
    for (const res of resolvers) out[res] = await digThrough(tb, res, name);
    return out;
  }
  return Object.fromEntries(resolvers.map((res, i) => [res, parseAnswer(blocks[i]!)]));
}

function parseAnswer(text: string): string {
  const a = /\sIN\s+A\s+(\d+\.\d+\.\d+\.\d+)/.exec(text);
  if (a) return a[1]!;
  const status = /status: (\w+)/.exec(text);
  return `no-answer(${status ? status[1] : "?"})`;
}

/** One dig through the unbound at `resolver`: the first A record, or a description of what came back instead. */
export async function digThrough(tb: Testbed, resolver: string, name: string): Promise<string> {
  const r = await tb.nsExec(
    "resolvers",
    ["dig", `@${resolver}`, "-p", String(UNBOUND_PORT), "+time=3", "+tries=1", "+noall", "+answer", "+comments", name, "A"],
    { timeoutMs: 10_000 },
  );
  return r.code === 0 || r.stdout.includes("status:") ? parseAnswer(r.stdout) : `no-answer(dig exit ${r.code})`;
}

export interface DbView {
  decisions: StoredDecision[];
  stats: PathStat[];
  sources: Source[];
}

export function readDb(dbPath: string): DbView {
  const store = Store.open(dbPath, { readonly: true });
  try {
    return { decisions: store.listDecisions(), stats: store.listPathStats(), sources: store.listSources() };
  } finally {
    store.close();
  }
}

const ms = (us: number | null) => (us === null ? "-" : (us / 1000).toFixed(1));

/**
 * Everything a person needs to see why `address` got what it got: the configured delays, the
 * measured aggregates, the stored decision and its reason (per-provider verdicts).
 */
export function explainSource(tb: Testbed, db: DbView, address: string): string {
  const res = tb.resolver(address);
  const lines = [
    `  ${address}: configured ${tb.providers.map((p) => `${p.name}=${res.delays[p.name]}ms${res.jitterPct[p.name] ? `±${res.jitterPct[p.name]}%` : ""}`).join(" ")}`,
  ];
  const stats = db.stats.filter((s) => s.prefix === address && s.prefixLength === 32);
  lines.push(
    `    measured: ${stats.map((s) => `${s.provider} median=${ms(s.medianRttUs)} ewma=${ms(s.ewmaRttUs)} loss=${s.lossRatio.toFixed(2)} n=${s.window.length} [${s.window.map((w) => ms(w)).join(",")}] age=${Date.now() - s.updatedAt}ms`).join("; ") || "none"}`,
  );
  const src = db.sources.find((s) => s.address === address);
  lines.push(
    `    source: ${src ? `rate=${src.rate.toFixed(2)}/s queries=${src.queries} lastSeen ${Date.now() - src.lastSeen} ms ago` : "not in the sources table"}`,
  );
  const d = decisionOf(db, address);
  lines.push(
    `    decision: ${d ? `${d.provider} (decided ${Date.now() - d.decidedAt} ms ago) reason=${JSON.stringify(d.reason)}` : "none"}`,
  );
  return lines.join("\n");
}

export function decisionOf(db: DbView, address: string): StoredDecision | undefined {
  return db.decisions.find((x) => x.source === `${address}/32`);
}

/**
 * Probe error = measured RTT − configured delay, over the samples since `since` (the table must
 * have been constant since then): shows how much of a result is the prober (user-space TCP
 * timing includes event-loop lag) rather than the path.
 */
export function probeErrors(tb: Testbed, dbPath: string, resolvers: readonly string[], since: number): string {
  const store = Store.open(dbPath, { readonly: true });
  try {
    const errors: number[] = [];
    let lost = 0;
    let beyondJitter = 0;
    for (const s of store.listSamples({ since, limit: 100_000 })) {
      if (!resolvers.includes(s.source)) continue;
      if (s.rttUs === null) {
        lost++;
        continue;
      }
      const res = tb.resolver(s.source);
      const delay = res.delays[s.provider]!;
      const err = s.rttUs / 1000 - delay;
      errors.push(err);
      if (Math.abs(err) > (delay * (res.jitterPct[s.provider] ?? 0)) / 100 + 2) beyondJitter++;
    }
    errors.sort((a, b) => a - b);
    const q = (p: number) => (errors.length ? errors[Math.min(errors.length - 1, Math.floor(p * errors.length))]!.toFixed(2) : "-");
    return `${errors.length} replies, ${lost} lost; error p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)} max ${q(1)} ms; ${beyondJitter} beyond jitter + 2 ms`;
  } finally {
    store.close();
  }
}
