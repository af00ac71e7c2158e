import { join } from "node:path";
import type { Config } from "@dnsteer/config";

function hostPort(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

/** What `dnsteer up` prints once: where each part listens and a line to try each with. */
export function banner(config: Config, configPath: string | null, workerReason: string | null): string {
  const first = config.listen[0]!;
  const zone = config.zones[0]?.origin?.replace(/\.$/, "") ?? "example.test";
  const api = `http://${hostPort(config.api.address, config.api.port)}`;
  const keyFile = join(config.dataDir, config.api.keyFile);
  const m = config.metrics.listen;
  const lines = [
    "",
    `dnsteer up (${configPath ?? "embedded default config"}; data in ${config.dataDir})`,
    `  DNS        ${config.listen.map((l) => `${hostPort(l.address, l.port)} udp+tcp`).join(", ")}`,
    `             dig @${first.address} -p ${first.port} ${config.steering?.names[0]?.name ?? `www.${zone}`}`,
    `  admin API  ${api}  (docs ${api}/docs; admin token in ${keyFile})`,
    `             curl -H "Authorization: Bearer $(cat ${keyFile})" ${api}/v1/zones`,
    `             dnsteer status`,
    ...(m
      ? [
          `  metrics    http://${hostPort(m.address, m.port)}/metrics (responder), http://${hostPort(m.address, m.port + 1)}/metrics (worker), ${api}/metrics (API)`,
        ]
      : []),
    `  worker     ${workerReason ? `not started: ${workerReason}` : "measuring (needs CAP_NET_RAW for ICMP probes)"}`,
    "Stop with Ctrl-C (or SIGTERM); SIGHUP or `dnsteer zone reload` rereads the config and the zones.",
    "",
  ];
  return `${lines.join("\n")}\n`;
}
