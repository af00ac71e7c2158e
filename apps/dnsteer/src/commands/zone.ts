import { loadZoneFile } from "@dnsteer/zone";
import type { Command } from "commander";

/** `dnsteer zone check FILE`: parse and validate a master file as `serve` would load it. */
export function registerZone(program: Command): void {
  const zone = program.command("zone").description("zone file tools");
  zone
    .command("check")
    .description("parse and validate a zone file; prints a summary, or file:line and the error")
    .argument("<file>", "zone master file")
    .option("-o, --origin <name>", "zone origin (default: $ORIGIN or the SOA owner)")
    .option("-I, --include-dir <dir...>", "folders $INCLUDE may read besides the zone file's own")
    .action((file: string, opts: { origin?: string; includeDir?: string[] }) => {
      try {
        const z = loadZoneFile(file, {
          ...(opts.origin ? { origin: opts.origin } : {}),
          ...(opts.includeDir ? { includeDirs: opts.includeDir } : {}),
        });
        let records = 0;
        for (const node of z.nodes.values()) for (const set of node.rrsets.values()) records += set.rdata.length;
        const soa = z.soa.rdata[0] as { serial: number };
        const cuts = z.cuts.size;
        console.log(
          `${z.origin}: ok, ${records} records, ${z.nodes.size} names, ${cuts} delegation${cuts === 1 ? "" : "s"}, serial ${soa.serial}`,
        );
      } catch (err) {
        console.error((err as Error).message);
        process.exitCode = 1;
      }
    });
}
