import { join } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "@dnsteer/config";
import { explain, type Explanation } from "@dnsteer/control";
import { Store } from "@dnsteer/storage";

/** `dnsteer explain ADDRESS [--ecs SUBNET]`: which provider a source gets, and why. */
export function registerExplain(program: Command): void {
  program
    .command("explain")
    .description("show the provider a resolver (or client subnet) is answered with, and why the others lost")
    .argument("<address>", "the resolver's IP address")
    .option("-c, --config <file>", "JSON config file (for dataDir and the default provider)")
    .option("--ecs <subnet>", "an EDNS Client Subnet the query carries, e.g. 198.51.100.0/24")
    .option("--json", "print the explanation as JSON")
    .action((address: string, opts: { config?: string; ecs?: string; json?: boolean }) => {
      const config = loadConfig(opts.config);
      const store = Store.open(join(config.dataDir, "dnsteer.sqlite"), { readonly: true });
      try {
        const e = explain(store, { address, clientSubnet: opts.ecs, defaultProvider: config.steering?.defaultProvider });
        console.log(opts.json ? JSON.stringify(e, null, 2) : render(e));
      } finally {
        store.close();
      }
    });
}

function render(e: Explanation): string {
  const lines = [`source ${e.source}`];
  if (e.basis === "zone") lines.push("no decision and no default provider: answered from the zone's own records");
  else {
    const why = e.decision ? `decision for ${e.decision.prefix}/${e.decision.prefixLength} (${e.decision.level} level, ${e.decision.cause}, ${new Date(e.decision.decidedAt).toISOString()})` : "no decision: the default provider";
    lines.push(`provider ${e.provider}: ${why}`);
    lines.push(`answer   A ${e.answer.a.join(" ") || "-"}   AAAA ${e.answer.aaaa.join(" ") || "-"}`);
  }
  for (const v of e.verdicts) lines.push(`  ${v.provider.padEnd(12)} ${v.verdict}`);
  for (const p of e.paths) lines.push(`  path ${p.provider.padEnd(12)} median ${p.medianMs ?? "-"} ms  loss ${(p.loss * 100).toFixed(0)}%  jitter ${p.jitterMs.toFixed(2)} ms  samples ${p.samples}`);
  return lines.join("\n");
}
