import { type MessagePort, parentPort, type TransferListItem, Worker, workerData } from "node:worker_threads";

/** What a thread starts with: its body's URL (for the shim) and the body's own data. */
interface Start<Data> {
  entry: string;
  data: Data;
}

/**
 * One thread: its body (a TypeScript module) and its message protocol — `Data` it starts with,
 * `In` messages its parent sends it, `Out` messages it sends back. The parent starts it with
 * `start`, the body gets its data and port with `inThread`; both sides are typed by the one spec.
 * Every thread starts in `bootstrap.mjs`, which registers tsx and imports the body.
 */
export class ThreadSpec<Data, In, Out> {
  /** `entry`: the body, e.g. `new URL("./refresh-thread.ts", import.meta.url)`. */
  constructor(readonly entry: URL) {}

  /** Parent side: start the thread. */
  start(data: Data): ThreadHandle<In, Out> {
    const start: Start<Data> = { entry: this.entry.href, data };
    // Explicit execArgv: a parent started by a test runner passes no flags of its own.
    return new ThreadHandle(new Worker(BOOTSTRAP, { workerData: start, execArgv: ["--conditions=source"] }));
  }

  /** Thread side: the data the parent gave and the port to it. Throws on the main thread. */
  inThread(): { data: Data; port: ThreadPort<In, Out> } {
    if (parentPort === null) throw new Error(`${this.entry.pathname} is a thread body: start it with ThreadSpec.start`);
    const start: Start<Data> = workerData;
    return { data: start.data, port: new ThreadPort(parentPort) };
  }
}

const BOOTSTRAP = new URL("./bootstrap.mjs", import.meta.url);

/** The parent's end of a thread, typed by its spec. `worker` is the thread itself (events, ref/unref). */
export class ThreadHandle<In, Out> {
  constructor(readonly worker: Worker) {}

  post(message: In, transfer?: readonly TransferListItem[]): void {
    this.worker.postMessage(message, transfer);
  }

  onMessage(listener: (message: Out) => void): this {
    this.worker.on("message", listener);
    return this;
  }

  /**
   * Send the protocol's stop message and wait for the thread to exit; past `graceMs`, end it.
   * Resolves at once for a thread that has already exited.
   */
  async stop(message: In, graceMs = 1000): Promise<void> {
    if (this.worker.threadId === -1) return;
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.postMessage(message);
    const timer = setTimeout(() => void this.worker.terminate(), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** The body's end of its thread, typed by its spec. */
export class ThreadPort<In, Out> {
  constructor(private readonly port: MessagePort) {}

  post(message: Out, transfer?: readonly TransferListItem[]): void {
    this.port.postMessage(message, transfer);
  }

  onMessage(listener: (message: In) => void): void {
    this.port.on("message", listener);
  }

  /** Lets the thread end once nothing else keeps it alive. */
  close(): void {
    this.port.close();
  }
}
