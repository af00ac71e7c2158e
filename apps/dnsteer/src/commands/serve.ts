import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Config, describeConfig, locateConfig } from "@dnsteer/config";
import { LimitedLog } from "@dnsteer/log-limit";
import { type ChainServices, DnsServer, loadZoneFilesOffThread, ResponseRateLimiter, SteeredAnswerCounts } from "@dnsteer/server";
import { Store } from "@dnsteer/storage";
import { ZoneSet } from "@dnsteer/zone";
import type { Command } from "commander";
import { onHangup } from "../cli/hangup.js";
import { startResponderCluster } from "../cluster/responder-hooks.js";
import { createFlowService, startFlowThread } from "../flow.js";
import { createLogger } from "../log.js";
import { queryCounters, startResponderMetrics, zoneSerials } from "../metrics/serve-metrics.js";
import { ThreadRestarts } from "../metrics/thread-restarts.js";
import { ConfigInForce } from "../reload/config-reload.js";
import { LiveSteering } from "../reload/live-steering.js";
import { LiveTransfers } from "../reload/live-transfers.js";
import { OneAtATime } from "../reload/one-at-a-time.js";
import { reloadResponder, serverSettingsOf, storeZoneResults } from "../reload/responder-reload.js";
import { zoneReloadResults } from "../reload/zone-results.js";
import type { FlowFigures } from "../threads/specs.js";
import { createTransfers } from "../transfers.js";
import { configuredZoneFiles } from "../zones.js";

/** `dnsteer serve`: run the authoritative server until SIGTERM/SIGINT; SIGHUP reloads the config and zones. */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run the DNS server (embedded default: example zone on 127.0.0.1 and ::1 port 5353)")
    .option("-c, --config <file>", "JSON config file (default: $DNSTEER_CONFIG, else ./dnsteer.json, else the embedded default)")
    .option("-l, --listen <address:port...>", "listen here instead of the config's addresses")
    .action(async (opts: { config?: string; listen?: string[] }) => {
      const located = locateConfig(opts.config);
      process.stderr.write(`${describeConfig(located)}\n`);
      const { config } = located;
      const listen = opts.listen?.map(parseListen);
      const adjust = (c: Config) => {
        if (listen) c.listen = listen;
      };
      adjust(config);
      await serve(new ConfigInForce(config, opts.config, adjust));
    });
}

function parseListen(text: string): { address: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(text);
  if (!m) throw new Error(`--listen ${text}: expected address:port or [v6]:port`);
  return { address: m[1]!, port: Number(m[2]) };
}

async function serve(inForce: ConfigInForce): Promise<void> {
  const { config } = inForce;
  const log = createLogger(config.log.level);
  // SIGHUP first, before anything slow: hangups while starting are not lost, they reload once
  // the server runs (the files may have changed after the first load read them). A reload
  // rereads the config too and applies what it can live (reload/responder-reload.ts).
  let reload: (() => void) | undefined;
  let reloadOnStart = false;
  onHangup(() => {
    if (reload) reload();
    else reloadOnStart = true;
  });
  // State (sources, measurements, decisions) lives in one SQLite file under the data folder.
  mkdirSync(config.dataDir, { recursive: true });
  const dbPath = join(config.dataDir, "dnsteer.sqlite");
  const store = Store.open(dbPath);
  store.syncProviders(config.providers);
  // Loaded once here, off this thread like every reload: the steering setup checks its names
  // against them, and the server starts on them.
  const zoneFiles = configuredZoneFiles(config);
  const initialZones = await loadZoneFilesOffThread(zoneFiles);
  // Response rate limiting: a source starting to be limited is logged (at most 10 a second).
  const services: ChainServices = { rateLimiter: new ResponseRateLimiter({ onLimit: (e) => log.warn(e, "rate limiting responses") }) };
  // Failures that can repeat (per query, per flush) are said once per cause a minute, then counted.
  const failures = new LimitedLog(log).start();
  const errName = (err: unknown) => (err instanceof Error ? `${err.name}:${(err as { code?: string }).code ?? err.message}` : String(err));
  // store.kind postgres: the shared database's decisions mirrored into the local store, demand reported to it.
  const cluster = await startResponderCluster(config, store, failures, log);
  const restarts = new ThreadRestarts(log, config.dataDir);
  let stopFlush = async () => {};
  let steering: LiveSteering | undefined;
  let server: DnsServer | undefined;
  let flowFigures: FlowFigures | undefined;
  if (config.steering) {
    const flow = createFlowService(config.steering, initialZones);
    services.flow = flow.service;
    flowFigures = flow.figures;
    // Steered names and providers as the config in force and the store (the API's changes) say;
    // the same view explain builds (control's steeringView), so the two cannot answer differently.
    steering = new LiveSteering({
      config,
      store,
      dbPath,
      flow,
      zones: () => server?.current().zones ?? initialZones,
      log,
      onMap: (map) => server?.shareDecisions(map),
      onRefreshCrash: restarts.for("refresh", "answers keep the decision map in force"),
    });
    // Answers per provider: counted on the query path, added to the store's per-minute rows every
    // 10 s by the flow thread, which also ranks and writes the sources: no SQLite write here.
    const answers = new SteeredAnswerCounts(config.providers.map((p) => p.name));
    services.steering = { ...steering.service, answers };
    stopFlush = startFlowThread({
      flow,
      dbPath,
      steering: config.steering,
      onError: (err, what) =>
        what === "answers"
          ? failures.error(`answers|${errName(err)}`, { err }, "writing answer counts failed")
          : failures.error(`sources|${errName(err)}`, { err }, "writing sources failed"),
      report: cluster?.reportDemand,
      answers,
      onCrash: restarts.for("flow", "its table of sources starts over empty"),
    });
    steering.start();
  }
  const started = createTransfers(config, initialZones, log);
  const transfers = started && new LiveTransfers(started);
  if (transfers) services.transfers = transfers;
  const counters = queryCounters(services);
  counters.flow = flowFigures;
  server = new DnsServer({
    // The default chain (and the batch path's fast lane) from these, in every UDP worker too.
    services,
    tally: counters,
    listen: config.listen,
    zoneFiles,
    initialZones,
    settings: serverSettingsOf(config),
    onError: (err) => failures.error(`servfail|${errName(err)}`, { err }, "handler failed; answered SERVFAIL"),
    udp: {
      mode: config.server.udp,
      workers: config.server.workers,
      // every UDP worker counts its queries with its own QueryCounters; /metrics reads the sum
      counters: {
        module: new URL("../metrics/query-counters.js", import.meta.url).href,
        exportName: "QueryCounters",
        into: counters.counts,
      },
    },
  });
  await server.start();
  // The first load is each zone's first "reload" in the zone list.
  storeZoneResults(store, zoneReloadResults(zoneFiles, new ZoneSet(), { ok: true, after: initialZones }, Date.now()), log);
  log.info(server.udpChoice(), "UDP transport");
  const stopMetrics = await startResponderMetrics(config, server, counters, log, (registry) => {
    restarts.register(registry);
    cluster?.registerMetrics(registry);
  });
  log.info({ listen: server.ports(), zones: zoneSerials(server), db: dbPath, steered: config.steering?.names.length ?? 0 }, "serving");
  const running = server;
  const reloads = new OneAtATime(async () => {
    try {
      await reloadResponder({ server: running, inForce, store, log, steering, transfers });
    } catch (err) {
      log.error({ err }, "reload failed; still serving the previous zones");
    }
  });
  reload = () => reloads.request();
  if (reloadOnStart) reload();
  const stop = async () => {
    log.info("stopping");
    await running.stop();
    stopMetrics();
    await stopFlush();
    await steering?.stop();
    await cluster?.stop();
    store.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
