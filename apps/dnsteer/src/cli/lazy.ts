import type { Command } from "commander";

declare const DNSTEER_COMPILED: boolean | undefined;

/** Compiled (dist/cli.mjs, plain node): TypeScript modules need tsx registered first. */
const compiled = typeof DNSTEER_COMPILED !== "undefined" && DNSTEER_COMPILED;
/** src/ from here: the compiled entry lives in dist/, the source entry in src/cli/. */
const srcDir = compiled ? new URL("../src/", import.meta.url) : new URL("../", import.meta.url);
let tsxReady: Promise<void> | undefined;

/**
 * Import a module of src/ (e.g. "commands/serve.ts") only when its command runs, so that
 * `dnsteer --help` loads commander alone.
 */
export async function loadModule<T>(relative: string): Promise<T> {
  await ensureTypeScript();
  return (await import(new URL(relative, srcDir).href)) as T;
}

/** Before importing a workspace package (their exports point at TypeScript sources). */
export async function ensureTypeScript(): Promise<void> {
  if (compiled) tsxReady ??= import("tsx/esm/api").then((m) => void m.register());
  await tsxReady;
}

/**
 * Run a command defined by a module's `register(program)` function (serve, worker, zone
 * check, local explain): the module builds its own commander program and parses the whole
 * command line again, so its options and --help are its own.
 */
export async function delegate(relative: string, registerName: string, argv: readonly string[]): Promise<void> {
  const mod = await loadModule<Record<string, (program: Command) => void>>(relative);
  const { Command: CommandClass } = await import("commander");
  const program = new CommandClass("dnsteer").exitOverride();
  const register = mod[registerName];
  if (!register) throw new Error(`${relative} has no ${registerName}`);
  register(program);
  await program.parseAsync(argv as string[]);
}
