import { describeConfig, locateConfig } from "@dnsteer/config";

/**
 * `dnsteer config check`: load the config as `serve` would (file over the embedded default);
 * a bad key throws a ConfigError naming it, which exits 2.
 */
export function configCheck(opts: { config?: string; json?: boolean }): void {
  const located = locateConfig(opts.config);
  const { config } = located;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, path: located.path, config }, null, 2)}\n`);
    return;
  }
  const listen = config.listen.map((l) => (l.address.includes(":") ? `[${l.address}]:${l.port}` : `${l.address}:${l.port}`)).join(", ");
  process.stdout.write(
    `${describeConfig(located)}: ok\n` +
      `  listen ${listen}; ${config.zones.length} zone${config.zones.length === 1 ? "" : "s"}; ${config.providers.length} provider${config.providers.length === 1 ? "" : "s"}\n` +
      `  data ${config.dataDir}; api ${config.api.address}:${config.api.port}; steering ${config.steering ? `${config.steering.names.length} names` : "off"}; measure ${config.measure ? "on" : "off"}\n`,
  );
}
