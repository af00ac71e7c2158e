import { Store, type Decision, type PathStat, type Source } from "@dnsteer/storage";
import type { Testbed } from "../../../../fixtures/testbed/index.js";
import { UNBOUND_PORT } from "./unbound.js";

/** One dig through the unbound at `resolver`: the first A record, or a description of what came back instead. */
export async function digThrough(tb: Testbed, resolver: string, name: string): Promise<string> {
  const r = await tb.nsExec("resolvers", ["dig", `@${resolver}`, "-p", String(UNBOUND_PORT), "+time=3", "+tries=1", "+noall", "+answer", "+comments", name, "A"], { timeoutMs: 10_000 });
  const a = /\sIN\s+A\s+(\d+\.\d+\.\d+\.\d+)/.exec(r.stdout);
  if (a) return a[1]!;
  const status = /status: (\w+)/.exec(r.stdout);
  return `no-answer(${status ? status[1] : `dig exit ${r.code}`})`;
}

export interface DbView {
  decisions: Decision[];
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
  const lines = [`  ${address}: configured ${tb.providers.map((p) => `${p.name}=${res.delays[p.name]}ms${res.jitterPct[p.name] ? `±${res.jitterPct[p.name]}%` : ""}`).join(" ")}`];
  const stats = db.stats.filter((s) => s.prefix === address && s.prefixLength === 32);
  lines.push(`    measured: ${stats.map((s) => `${s.provider} median=${ms(s.medianRttUs)} ewma=${ms(s.ewmaRttUs)} loss=${s.lossRatio.toFixed(2)} n=${s.window.length} [${s.window.map((w) => ms(w)).join(",")}] age=${Date.now() - s.updatedAt}ms`).join("; ") || "none"}`);
  const src = db.sources.find((s) => s.address === address);
  lines.push(`    source: ${src ? `rate=${src.rate.toFixed(2)}/s queries=${src.queries} lastSeen ${Date.now() - src.lastSeen} ms ago` : "not in the sources table"}`);
  const d = db.decisions.find((x) => x.prefix === address && x.prefixLength === 32);
  lines.push(`    decision: ${d ? `${d.provider} (decided ${Date.now() - d.decidedAt} ms ago) reason=${JSON.stringify(d.reason)}` : "none"}`);
  return lines.join("\n");
}

export function decisionOf(db: DbView, address: string): Decision | undefined {
  return db.decisions.find((x) => x.prefix === address && x.prefixLength === 32);
}
