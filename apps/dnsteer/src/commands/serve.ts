import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Config, describeConfig, locateConfig } from "@dnsteer/config";
import { steeringView } from "@dnsteer/control";
import {
  type ChainServices,
  DnsServer,
  loadZoneFilesOffThread,
  type ReloadOutcome,
  ResponseRateLimiter,
  SteeredAnswerCounts,
} from "@dnsteer/server";
import { DecisionMap } from "@dnsteer/steering";
import { Store } from "@dnsteer/storage";
import type { Transfers } from "@dnsteer/xfr";
import type { Command } from "commander";
import { onHangup } from "../cli/hangup.js";
import { createFlowService, startFlowFlush } from "../flow.js";
import { createLogger } from "../log.js";
import { AnswerHistory, startAnswerHistory } from "../metrics/answer-history.js";
import { countedChain, startResponderMetrics, zoneSerials } from "../metrics/serve-metrics.js";
import { startDecisionRefresh } from "../steering/refresh.js";
import { createTransfers, reportTransfers } from "../transfers.js";
import { configuredZoneFiles } from "../zones.js";

/** `dnsteer serve`: run the authoritative server until SIGTERM/SIGINT; SIGHUP reloads zones. */
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
      if (opts.listen) config.listen = opts.listen.map(parseListen);
      await serve(config);
    });
}

function parseListen(text: string): { address: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(text);
  if (!m) throw new Error(`--listen ${text}: expected address:port or [v6]:port`);
  return { address: m[1]!, port: Number(m[2]) };
}

async function serve(config: Config): Promise<void> {
  const log = createLogger(config.log.level);
  // SIGHUP first, before anything slow: hangups while starting are not lost, they reload once
  // the server runs (the files may have changed after the first load read them).
  let server: DnsServer | undefined;
  let reloadOnStart = false;
  let transfers: Transfers | undefined;
  const reload = (running: DnsServer) => {
    const before = running.current().zones;
    void running.reload().then((outcome: ReloadOutcome) => {
      if (outcome.ok) log.info({ zones: zoneSerials(running) }, "zones reloaded");
      else log.error({ err: outcome.error.message }, "reload failed; still serving the previous zones");
      // journal the change, NOTIFY secondaries, warn of data changed under an unchanged serial
      if (outcome.ok && transfers) reportTransfers(transfers, before, running.current().zones, log);
    });
  };
  onHangup(() => {
    if (server) reload(server);
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
  let stopFlush = () => {};
  let stopAnswers = () => {};
  let stopRefresh = async () => {};
  if (config.steering) {
    const steering = config.steering;
    const { service, labels } = createFlowService(steering, initialZones);
    services.flow = service;
    stopFlush = startFlowFlush(service, labels, store, steering, (err) => log.error({ err }, "writing sources failed"));
    const providerNames = config.providers.map((p) => p.name);
    // The same view explain builds (control's steeringView), so the two cannot answer differently.
    const viewOf = (decisions: DecisionMap) => steeringView({ providers: config.providers, steering }, decisions);
    let view = viewOf(new DecisionMap(providerNames, []));
    // Answers per provider: counted on the query path, added to the store's per-minute rows every 10 s.
    const answers = new SteeredAnswerCounts(providerNames);
    services.steering = { current: () => view, answers };
    stopAnswers = startAnswerHistory(new AnswerHistory(answers, store), (err) => log.error({ err }, "writing answer counts failed"));
    stopRefresh = startDecisionRefresh({
      dbPath,
      providers: providerNames,
      intervalMs: steering.refreshIntervalMs,
      onMap: (map, version) => {
        view = viewOf(map);
        server?.shareDecisions(map); // the other UDP workers build the same view from it
        log.info({ decisions: map.size, version }, "decisions refreshed");
      },
      onError: (err) => log.error({ err }, "decision refresh failed"),
    });
  }
  transfers = createTransfers(config, initialZones, log);
  if (transfers) services.transfers = transfers;
  const { chain, counters } = countedChain(services);
  server = new DnsServer({
    chain,
    listen: config.listen,
    zoneFiles,
    initialZones,
    settings: {
      udpPayloadSize: config.udpPayloadSize,
      nsid: config.nsid === undefined ? undefined : Buffer.from(config.nsid),
      chaos: config.chaos,
      templateCacheEntries: config.templateCacheEntries,
      tcp: config.tcp,
      rrl: config.rrl,
      cookies: config.cookies,
      udpReceiveBufferBytes: config.udpReceiveBufferBytes,
    },
    onError: (err) => log.error({ err }, "handler failed; answered SERVFAIL"),
    udp: { mode: config.server.udp, workers: config.server.workers },
  });
  await server.start();
  log.info(server.udpChoice(), "UDP transport");
  const stopMetrics = await startResponderMetrics(config, server, counters, log);
  log.info({ listen: server.ports(), zones: zoneSerials(server), db: dbPath, steered: config.steering?.names.length ?? 0 }, "serving");
  if (reloadOnStart) reload(server);
  const running = server;
  const stop = async () => {
    log.info("stopping");
    await running.stop();
    stopMetrics();
    stopFlush();
    stopAnswers();
    await stopRefresh();
    store.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
