import { Command } from "commander";
import { delegate, loadModule } from "./lazy.js";

const CONFIG_HELP = "JSON config file (default: $DNSTEER_CONFIG, else ./dnsteer.json, else the embedded default)";

const EXAMPLES = `
Examples:
  dnsteer up                                 # responder + worker + admin API on the embedded default
  dig @127.0.0.1 -p 5353 www.example.test    # ask the running server
  dnsteer status                             # processes, zones, providers, decisions
  dnsteer zone reload                        # reread the config and every zone file
  dnsteer providers drain transit-a          # move every source off a provider
  dnsteer explain 198.51.100.7 --ecs 203.0.113.0/24
  dnsteer config check --config /etc/dnsteer/dnsteer.json

The admin API is found through $DNSTEER_API_URL and $DNSTEER_API_KEY, else the config's api
section and the key file \`dnsteer up\` writes in its data folder.
Exit codes: 0 ok, 1 the operation failed or was refused, 2 usage, config or startup error,
3 the admin API is unreachable, 4 the API refused the key. --debug prints stack traces.`;

type Action = (...args: never[]) => Promise<void> | void;

/** Run `fn` of a module of src/ loaded only now (keeps `dnsteer --help` to commander alone). */
function lazy(relative: string, fn: string): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const mod = await loadModule<Record<string, Action>>(relative);
    await (mod[fn] as (...a: unknown[]) => Promise<void> | void)(...args);
  };
}

/** A command defined by its module's own register function: its options and --help are that module's. */
function delegated(
  program: Command,
  name: string,
  description: string,
  relative: string,
  register: string,
  argv: readonly string[],
): Command {
  return program
    .command(name)
    .description(description)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[args...]")
    .action(() => delegate(relative, register, argv));
}

function client(cmd: Command): Command {
  return cmd.option("-c, --config <file>", CONFIG_HELP).option("--json", "print the API's answer as JSON");
}

/** The whole command line; every action imports what it needs when it runs. */
export function buildProgram(argv: readonly string[]): Command {
  const program = new Command()
    .name("dnsteer")
    .description("Authoritative DNS that steers each resolver to the provider with the best return path")
    .version("0.1.0")
    .option("--debug", "print stack traces with errors")
    .addHelpText("after", EXAMPLES)
    .exitOverride();

  program
    .command("up")
    .description("run everything: the responder, the measurement worker and the admin API, restarting any that dies")
    .option("-c, --config <file>", CONFIG_HELP)
    .action(lazy("supervisor/up.ts", "up"));
  delegated(program, "serve", "run the DNS responder alone (see `dnsteer serve --help`)", "commands/serve.ts", "registerServe", argv);
  delegated(
    program,
    "worker",
    "run the measurement worker and controller alone (see `dnsteer worker --help`)",
    "commands/worker.ts",
    "registerWorker",
    argv,
  );
  program
    .command("decide")
    .description("run the decider alone over the config's store; with store.kind postgres only the elected leader decides")
    .option("-c, --config <file>", CONFIG_HELP)
    .action(lazy("cluster/decide-command.ts", "decide"));
  program
    .command("api")
    .description("run the admin API alone (zone changes reach a running `dnsteer serve` by SIGHUP)")
    .option("-c, --config <file>", CONFIG_HELP)
    .action(lazy("admin/run.ts", "runApi"));

  const zone = program.command("zone").description("zones: check a file, list served zones, reload");
  zone
    .command("check")
    .description("parse and validate a zone file offline; prints a summary, or file:line and the error (see `dnsteer zone check --help`)")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[args...]")
    .action(() => delegate("commands/zone.ts", "registerZone", argv));
  client(zone.command("list").description("served zones and their serials")).action(lazy("client/zones.ts", "zoneList"));
  client(
    zone
      .command("reload")
      .description("reread the config and the zone files (one zone: ORIGIN); a bad zone keeps the old one serving, exit 1"),
  )
    .argument("[origin]", "only this zone")
    .action(lazy("client/zones.ts", "zoneReload"));

  client(
    program.command("status").description("processes, zones and serials, providers' health, decisions by provider, last errors"),
  ).action(lazy("client/status.ts", "status"));

  // `providers` has --config/--json too, and commander gives a parent's options to the parent
  // wherever they stand: drain/undrain read both levels (optsWithGlobals).
  const providers = client(program.command("providers").description("providers with state and health; drain/undrain one")).action(
    lazy("client/providers.ts", "providersList"),
  );
  client(providers.command("drain").description("never choose NAME; its sources move at the next evaluation"))
    .argument("<name>")
    .action(async (name: string, _opts: object, cmd: Command) =>
      (await loadModule<typeof import("../client/providers.js")>("client/providers.ts")).providerDrain(name, true, cmd.optsWithGlobals()),
    );
  client(providers.command("undrain").description("let NAME be chosen again"))
    .argument("<name>")
    .action(async (name: string, _opts: object, cmd: Command) =>
      (await loadModule<typeof import("../client/providers.js")>("client/providers.ts")).providerDrain(name, false, cmd.optsWithGlobals()),
    );

  client(program.command("sources").description("sources by demand (or in --address / --prefix)"))
    .option("--address <ip>")
    .option("--prefix <cidr>")
    .option("--limit <n>", "rows per page", "50")
    .option("--offset <n>")
    .action(lazy("client/lists.ts", "sourcesList"));
  client(program.command("decisions").description("decisions: where each source is steered and why"))
    .option("--provider <name>")
    .option("--level <level>")
    .option("--cause <cause>")
    .option("--limit <n>", "rows per page", "50")
    .option("--offset <n>")
    .action(lazy("client/lists.ts", "decisionsList"));
  client(
    program
      .command("explain")
      .description("which provider ADDR (or its ECS subnet) gets and why; from the API when it runs, else from the local store"),
  )
    .argument("<address>", "the resolver's address")
    .option("--ecs <subnet>", "the EDNS Client Subnet its query carries")
    .action(async (address: string, opts: { config?: string; json?: boolean; ecs?: string }) => {
      const viaApi = (await loadModule<typeof import("../client/explain.js")>("client/explain.ts")).explainViaApi;
      if (!(await viaApi(address, opts))) await delegate("commands/explain.ts", "registerExplain", argv);
    });
  client(program.command("measure").description("probe ADDR now through every provider (the worker takes the request), with progress"))
    .argument("<address>")
    .option("--provider <name>", "only this provider")
    .option("--timeout <s>", "give up after this many seconds", "30")
    .action(lazy("client/measure.ts", "measure"));

  const config = program.command("config").description("the configuration");
  config
    .command("check")
    .description("validate the config as serve would load it; exit 2 naming the bad key")
    .option("-c, --config <file>", CONFIG_HELP)
    .option("--json", "print the effective config as JSON")
    .action(lazy("commands/config.ts", "configCheck"));

  const db = program.command("db").description("the SQLite store");
  db.command("backup")
    .description("copy the live store with SQLite's online backup (safe while running)")
    .argument("<file>", "new file to write")
    .option("-c, --config <file>", CONFIG_HELP)
    .option("--json")
    .action(lazy("commands/db.ts", "dbBackup"));

  return program;
}
