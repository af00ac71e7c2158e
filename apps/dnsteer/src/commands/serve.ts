import type { Command } from "commander";
import { describeConfig, locateConfig, type Config } from "@dnsteer/config";
import { steeringView } from "@dnsteer/control";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DnsServer, type ChainServices } from "@dnsteer/server";
import { DecisionMap } from "@dnsteer/steering";
import { startDecisionRefresh } from "../steering/refresh.js";
import { Store } from "@dnsteer/storage";
import { createFlowService, startFlowFlush } from "../flow.js";
import { createLogger } from "../log.js";
import { loadConfiguredZones } from "../zones.js";
import type { ZoneSet } from "@dnsteer/zone";

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
  // State (sources, measurements, decisions) lives in one SQLite file under the data folder.
  mkdirSync(config.dataDir, { recursive: true });
  const dbPath = join(config.dataDir, "dnsteer.sqlite");
  const store = Store.open(dbPath);
  store.syncProviders(config.providers);
  // Loaded once here: the steering setup checks its names against them, and the server starts
  // on them (a large zone takes seconds to parse); reloads load anew.
  let initialZones: ZoneSet | undefined = loadConfiguredZones(config);
  const services: ChainServices = {};
  let stopFlush = () => {};
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
    services.steering = { current: () => view };
    stopRefresh = startDecisionRefresh({
      dbPath,
      providers: providerNames,
      intervalMs: steering.refreshIntervalMs,
      onMap: (map, version) => {
        view = viewOf(map);
        log.info({ decisions: map.size, version }, "decisions refreshed");
      },
      onError: (err) => log.error({ err }, "decision refresh failed"),
    });
  }
  const server = new DnsServer({
    services,
    listen: config.listen,
    loadZones: () => {
      const zones = initialZones ?? loadConfiguredZones(config);
      initialZones = undefined;
      return zones;
    },
    settings: {
      udpPayloadSize: config.udpPayloadSize,
      nsid: config.nsid === undefined ? undefined : Buffer.from(config.nsid),
      chaos: config.chaos,
      templateCacheEntries: config.templateCacheEntries,
      tcp: config.tcp,
    },
    onError: (err) => log.error({ err }, "handler failed; answered SERVFAIL"),
  });
  await server.start();
  const zones = server.current().zones.zones().map((z) => z.origin);
  log.info({ listen: server.ports(), zones, db: dbPath, steered: config.steering?.names.length ?? 0 }, "serving");
  process.on("SIGHUP", () => {
    const outcome = server.reload();
    if (outcome.ok) log.info({ zones: outcome.zones }, "zones reloaded");
    else log.error({ err: outcome.error.message }, "reload failed; still serving the previous zones");
  });
  const stop = async () => {
    log.info("stopping");
    await server.stop();
    stopFlush();
    await stopRefresh();
    store.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
