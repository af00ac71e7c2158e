// Worker-thread entry: no build step, so the thread needs the TypeScript loader the main thread
// has (tsx; `--import tsx` in a worker's execArgv does not reach the worker's own entry on Node 20).
import { register } from "tsx/esm/api";

register();
await import("./store-writer-thread.ts");
