import { CliError, EXIT } from "./errors.js";
import { ensureTypeScript } from "./lazy.js";

/**
 * Any error out of a command as one line on stderr and an exit code: config and startup
 * errors exit 2 (an address in use or not on this host names its listen key), the API's
 * errors as CliError says. The stack only with --debug.
 */
export async function fail(err: unknown, debug: boolean, argv: readonly string[]): Promise<never> {
  const { line, code } = await describe(err, argv);
  process.stderr.write(`dnsteer: ${line}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(code);
}

async function describe(err: unknown, argv: readonly string[]): Promise<{ line: string; code: number }> {
  // By name: the compiled entry and the commands' sources (through tsx) each hold a CliError class.
  if (err instanceof CliError || (err as Error)?.name === "CliError")
    return { line: oneLine((err as CliError).message), code: (err as CliError).exitCode };
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.name === "ConfigError") return { line: oneLine(e.message), code: EXIT.usage };
  if (e?.code === "EADDRINUSE" || e?.code === "EADDRNOTAVAIL" || e?.code === "EACCES") {
    return { line: await listenProblem(e, argv), code: EXIT.usage };
  }
  if (e?.name === "ZoneError") return { line: oneLine(e.message), code: EXIT.usage };
  if (e?.code === "ENOENT" && e.path) return { line: `${e.path}: no such file`, code: EXIT.usage };
  return { line: oneLine(e instanceof Error ? e.message : String(err)), code: EXIT.failed };
}

/** `listen[1]: 192.0.2.1 is not an address of this host`, naming the config key that asked for it. */
async function listenProblem(e: NodeJS.ErrnoException & { address?: string; port?: number }, argv: readonly string[]): Promise<string> {
  const what =
    e.code === "EADDRINUSE"
      ? `port ${e.port} on ${e.address} is in use`
      : e.code === "EADDRNOTAVAIL"
        ? `${e.address} is not an address of this host`
        : `port ${e.port} on ${e.address} needs privileges (below 1024: root or CAP_NET_BIND_SERVICE)`;
  if (argv.includes("--listen") || argv.includes("-l")) return `--listen: ${what}`;
  try {
    await ensureTypeScript();
    const { locateConfig } = await import("@dnsteer/config");
    const i = argv.findIndex((a) => a === "--config" || a === "-c");
    const { config } = locateConfig(i >= 0 ? argv[i + 1] : undefined);
    const dns = config.listen.findIndex((l) => sameAddress(l.address, e.address) && l.port === e.port);
    if (dns >= 0) return `listen[${dns}]: ${what}`;
    if (sameAddress(config.api.address, e.address) && config.api.port === e.port) return `api: ${what}`;
    const m = config.metrics.listen;
    if (m && sameAddress(m.address, e.address) && m.port === e.port) return `metrics.listen: ${what}`;
  } catch {
    // The config itself is bad: the error names the address, which is all we know.
  }
  return what;
}

function sameAddress(a: string, b: string | undefined): boolean {
  return b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, "; ");
}
