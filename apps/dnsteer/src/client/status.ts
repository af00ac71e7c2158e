import { join } from "node:path";
import { CliError } from "../cli/errors.js";
import { type ResponderClusterState, readResponderState } from "../cluster/responder-state.js";
import { THREAD_STATE_FILE, type ThreadState, threadDeathsLine } from "../metrics/thread-state.js";
import { readStateFile } from "../state-file.js";
import { SUPERVISOR_STATE_FILE, type SupervisorState } from "../supervisor/state.js";
import { type ApiClient, clientFor } from "./api.js";
import { buildingLine, ms, pct } from "./providers.js";
import { ago, print, table } from "./table.js";
import type { ProviderHealthList, Readiness, ZoneList } from "./types.js";
import { lastReloadCell } from "./zones.js";

/**
 * `dnsteer status`: the processes `dnsteer up` runs (from its state file), the zones and
 * serials served, each provider's health and decisions, and the last errors.
 */
export async function status(opts: { config?: string; json?: boolean }): Promise<void> {
  const api = await clientFor(opts);
  const [ready, zones, health] = await Promise.all([
    api
      .get<Readiness>("/ready")
      .catch((e: unknown) => (e instanceof CliError && e.code === "API_ERROR" ? { ready: false, checks: [] } : Promise.reject(e))),
    api.get<ZoneList>("/v1/zones"),
    api.get<ProviderHealthList>("/v1/provider-health"),
  ]);
  // What the running commands left in the data folder (none when no config is found here).
  const dataDir = await dataDirOf(opts.config);
  const processes = dataDir === null ? null : readStateFile<SupervisorState>(join(dataDir, SUPERVISOR_STATE_FILE));
  const sharedStore = dataDir === null ? null : readResponderState(dataDir);
  const serveThreads = dataDir === null ? null : readStateFile<ThreadState>(join(dataDir, THREAD_STATE_FILE));
  const probeRates = await probesPerSecond(api);
  const data = {
    ready,
    processes,
    /** store.kind postgres: the responder's decision map and how stale it is (null on SQLite). */
    sharedStore,
    /** serve's background threads that died since it started (restarted each time); null: no state file. */
    serveThreads,
    zones: zones.zones,
    providers: health.providers.map((p) => ({ ...p, probesPerSecond: probeRates.get(p.name) ?? 0 })),
    /** building: the API is still reading its store after a start; `providers` is empty until it is ready. */
    healthStatus: health.status,
  };
  print(!!opts.json, data, () => {
    const out = [`api ${api.target.url}: ${ready.ready ? "ready" : "NOT ready"}`];
    for (const c of ready.checks.filter((c) => !c.ok)) out.push(`  ${c.name}: ${c.message}`);
    if (sharedStore) out.push(sharedStoreLine(sharedStore));
    const deaths = serveThreads && threadDeathsLine(serveThreads, Date.now());
    if (deaths) out.push(deaths);
    if (processes) {
      out.push(
        "",
        table(
          ["PROCESS", "PID", "STATE", "UP SINCE", "RESTARTS", "LAST ERROR"],
          processes.children.map((c) => [c.name, c.pid, c.state, ago(c.startedAt), c.restarts, c.lastError]),
        ),
      );
    }
    out.push(
      "",
      table(
        ["ZONE", "SERIAL", "RECORDS", "LOADED", "LAST RELOAD"],
        zones.zones.map((z) => [z.origin, z.serial, z.recordCount, ago(z.loadedAt), lastReloadCell(z.lastReload)]),
      ),
    );
    if (health.status === "building") out.push("", buildingLine(health.building));
    else if (health.providers.length > 0) {
      out.push(
        "",
        table(
          ["PROVIDER", "STATE", "PROBES/S", "PATHS", "DOWN", "MEDIAN RTT", "LOSS", "DECISIONS", "LAST ERROR"],
          health.providers.map((p) => [
            p.name,
            p.state,
            Number((probeRates.get(p.name) ?? 0).toFixed(2)),
            p.paths,
            p.pathsDown,
            ms(p.medianRttMs),
            pct(p.meanLoss),
            p.decisions,
            p.sending && !p.sending.ok ? `${p.sending.cause}: ${p.sending.detail ?? ""}` : null,
          ]),
        ),
      );
    } else out.push("", "no providers configured");
    return out.join("\n");
  });
}

/** The config's data folder, where the state files are; null when no config is found (status then asks the API only). */
async function dataDirOf(configFlag: string | undefined): Promise<string | null> {
  try {
    const { locateConfig } = await import("@dnsteer/config");
    return locateConfig(configFlag).config.dataDir;
  } catch {
    return null;
  }
}

function sharedStoreLine(s: ResponderClusterState): string {
  const stale = s.stalenessMs === null ? "never confirmed" : `confirmed ${(s.stalenessMs / 1000).toFixed(1)} s before ${ago(s.at)}`;
  return `decision map from PostgreSQL (responder ${s.responder}): version ${s.mapVersion}, ${stale}; demand reports ${s.demandReports}, failed ${s.demandFailures}`;
}

/** Probes per second by provider over the last 5 minutes, from the API's /metrics (dnsteer_probes_recent). */
async function probesPerSecond(api: ApiClient): Promise<Map<string, number>> {
  const rates = new Map<string, number>();
  let text: string;
  try {
    text = await (await fetch(`${api.target.url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  } catch {
    return rates;
  }
  for (const m of text.matchAll(/^dnsteer_probes_recent\{provider="([^"]*)",kind="[^"]*",result="[^"]*"\} (\S+)$/gm)) {
    rates.set(m[1]!, (rates.get(m[1]!) ?? 0) + Number(m[2]) / 300);
  }
  return rates;
}
