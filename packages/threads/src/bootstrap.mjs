// The one entry point of every dnsteer worker thread. Node 20 worker threads do not inherit the
// main thread's tsx loader, and `--import tsx` in a worker's execArgv does not reach its entry,
// so a thread starts here in plain JS: register tsx, then import the TypeScript body it names.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
