// First: a SIGHUP while the command starts must not end the process (cli/hangup.ts).
import "./cli/hangup.js";
// A child of `dnsteer up` stops when up is gone (killed with SIGKILL): supervisor/orphan.ts.
import "./supervisor/orphan.js";
import { CommanderError } from "commander";
import { EXIT } from "./cli/errors.js";
import { fail } from "./cli/fail.js";
import { buildProgram } from "./cli/program.js";

// --debug may come anywhere on the line; the delegated commands never see it.
const debug = process.argv.includes("--debug");
const argv = process.argv.filter((a) => a !== "--debug");
const program = buildProgram(argv);

if (argv.length <= 2) {
  program.outputHelp();
  process.exit(EXIT.ok);
}
try {
  await program.parseAsync(argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander has printed its message (or the help / version) already.
    process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  await fail(err, debug, argv);
}
