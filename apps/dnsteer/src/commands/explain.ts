import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Config, ConfigError, describeConfig, locateConfig } from "@dnsteer/config";
import { type Explanation, explain, explainOn } from "@dnsteer/control";
import { NetError } from "@dnsteer/net";
import { StorageError, Store } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import type { Command } from "commander";
import { clusterSettings } from "../cluster/settings.js";

interface ExplainOptions {
  config?: string;
  ecs?: string;
  json?: boolean;
}

/**
 * `dnsteer explain ADDRESS [--ecs SUBNET]`: which provider a source is answered with, and why.
 * It finds its config as `serve` does and says which it used (stderr); a bad address, subnet or
 * config exits 2, a missing or unreadable database 1, each with one line. On `store.kind:
 * "postgres"` it explains from the shared database (an unreachable one exits 1).
 */
export function registerExplain(program: Command): void {
  program
    .command("explain")
    .description("show the provider a resolver (or client subnet) is answered with, and why the others lost")
    .argument("<address>", "the resolver's IP address")
    .option("-c, --config <file>", "JSON config file (default: $DNSTEER_CONFIG, else ./dnsteer.json, else the embedded default)")
    .option("--ecs <subnet>", "an EDNS Client Subnet the query carries, e.g. 198.51.100.0/24")
    .option("--json", "print the explanation as JSON")
    .action(async (address: string, opts: ExplainOptions) => {
      try {
        process.exitCode = await run(address, opts);
      } catch (err) {
        if (!(err instanceof ConfigError || err instanceof NetError || err instanceof StorageError)) throw err;
        process.stderr.write(`dnsteer explain: ${err.message}\n`);
        process.exitCode = err instanceof StorageError ? 1 : 2;
      }
    });
}

async function run(address: string, opts: ExplainOptions): Promise<number> {
  const located = locateConfig(opts.config);
  process.stderr.write(`${describeConfig(located)}\n`);
  const { config } = located;
  const settings = clusterSettings(config);
  if (settings) return runShared(address, opts, config, settings.url);
  const dbPath = join(config.dataDir, "dnsteer.sqlite");
  if (!existsSync(dbPath)) {
    process.stderr.write(`dnsteer explain: no database at ${dbPath} (serve or worker with this config creates it)\n`);
    return 1;
  }
  const store = Store.open(dbPath, { readonly: true });
  try {
    const e = explain(store, config, { address, clientSubnet: opts.ecs });
    console.log(opts.json ? JSON.stringify(e, null, 2) : render(e, config.steering === undefined));
    return 0;
  } finally {
    store.close();
  }
}

/**
 * store.kind "postgres": the decisions and path stats the decider wrote to the shared database
 * (this site's local copy can lag); an unreachable database is a StorageError (exit 1).
 */
async function runShared(address: string, opts: ExplainOptions, config: Config, url: string): Promise<number> {
  const query = { address, clientSubnet: opts.ecs };
  const backend = await PgBackend.open(url, { poolSize: 2 });
  try {
    const e = await explainOn(backend, config, query);
    process.stderr.write("explained from PostgreSQL (the shared decisions)\n");
    console.log(opts.json ? JSON.stringify(e, null, 2) : render(e, config.steering === undefined));
    return 0;
  } finally {
    await backend.close();
  }
}

function render(e: Explanation, unsteered: boolean): string {
  const lines = [`source ${e.source}${e.scope === null ? "" : ` (ECS scope /${e.scope})`}`];
  if (unsteered) lines.push("the config steers no names: every answer comes from the zones");
  else if (e.basis === "zone") lines.push("no decision and no default provider: answered from the zone's own records");
  else {
    const why = e.decision
      ? `decision for ${e.decision.prefix}/${e.decision.prefixLength} (${e.decision.level} level, ${e.decision.cause}, ${new Date(e.decision.decidedAt).toISOString()})`
      : "no decision: the default provider";
    lines.push(`provider ${e.provider}: ${why}`);
    const shown = (addresses: string[]) => addresses.join(" ") || "(the zone's own records)";
    lines.push(`answer   A ${shown(e.answer.a)}   AAAA ${shown(e.answer.aaaa)}`);
  }
  for (const v of e.verdicts) lines.push(`  ${v.provider.padEnd(12)} ${v.verdict}`);
  for (const p of e.paths)
    lines.push(
      `  path ${p.provider.padEnd(12)} median ${p.medianMs ?? "-"} ms  loss ${(p.loss * 100).toFixed(0)}%  jitter ${p.jitterMs.toFixed(2)} ms  samples ${p.samples}`,
    );
  return lines.join("\n");
}
