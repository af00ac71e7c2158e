// Worker threads do not inherit the main thread's tsx loader on Node 20, so a TypeScript
// thread entry is loaded through this plain-JS shim: register tsx here, then import it.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
