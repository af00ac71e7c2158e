/** `pnpm config:doc`: (re)write docs/config.md from the schema. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configReference } from "../src/doc.js";

const target = fileURLToPath(new URL("../../../docs/config.md", import.meta.url));
writeFileSync(target, configReference());
process.stdout.write(`wrote ${target}\n`);
