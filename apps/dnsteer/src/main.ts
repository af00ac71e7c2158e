import { Command } from "commander";
import { registerExplain } from "./commands/explain.js";
import { registerServe } from "./commands/serve.js";
import { registerWorker } from "./commands/worker.js";
import { registerZone } from "./commands/zone.js";

const program = new Command()
  .name("dnsteer")
  .description("Authoritative DNS that steers each resolver to the provider with the best return path")
  .version("0.1.0");

registerServe(program);
registerZone(program);
registerWorker(program);
registerExplain(program);

await program.parseAsync(process.argv);
