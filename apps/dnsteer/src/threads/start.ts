import { Worker } from "node:worker_threads";

/**
 * Start a worker thread whose body is a TypeScript module. Node 20 worker threads do not
 * inherit the main thread's tsx loader, so the thread starts in a plain-JS shim that registers
 * tsx and then imports `entry`; `data` reaches the body as workerData.
 */
export function startThread(entry: URL, data: Record<string, unknown>): Worker {
  return new Worker(new URL("./bootstrap.mjs", import.meta.url), { workerData: { ...data, entry: entry.href } });
}

/** Ask a thread to stop ("stop" message) and wait for it, terminating it after `graceMs`. */
export async function stopThread(worker: Worker, graceMs = 1000): Promise<void> {
  worker.postMessage("stop");
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => void worker.terminate().then(() => resolve()), graceMs);
    worker.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
