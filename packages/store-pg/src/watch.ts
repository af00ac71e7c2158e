import type { MapWatch, WatchOptions } from "@dnsteer/storage";
import pg from "pg";
import { clientConfig, DEFAULT_TIMEOUTS, type PgTimeouts } from "./db.js";
import { mapVersion } from "./decisions.js";

const CHANNEL = "dnsteer_decisions";
const MAX_BACKOFF_MS = 10_000;

/**
 * PostgreSQL's change signal: a dedicated connection LISTENs on dnsteer_decisions (the counter's
 * trigger NOTIFYs the new version at commit). Each (re)connection LISTENs first and then reads
 * the version, so a change committed while it was away, or between the two, is still reported.
 * A lost connection is retried with a doubling delay (up to 10 s) until `close`.
 */
export class ListenMapWatch implements MapWatch {
  private last: number;
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs: number;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly url: string,
    known: number,
    private readonly onVersion: (version: number) => void,
    private readonly opts: WatchOptions,
    private readonly timeouts: PgTimeouts,
  ) {
    this.last = known;
    this.retryMs = opts.intervalMs ?? 500;
  }

  /** Resolves once the first connection listens (or failed: it keeps retrying then). */
  static async start(
    url: string,
    known: number,
    onVersion: (version: number) => void,
    opts: WatchOptions = {},
    timeouts: PgTimeouts = DEFAULT_TIMEOUTS,
  ): Promise<ListenMapWatch> {
    const watch = new ListenMapWatch(url, known, onVersion, opts, timeouts);
    await watch.connect();
    return watch;
  }

  get version(): number {
    return this.last;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    // Its LISTEN and version check are bounded like the pool's queries: a cut network is a lost connection, retried.
    const client = new pg.Client(
      clientConfig(this.url, { application_name: "dnsteer map watch", query_timeout: this.timeouts.queryMs }, this.timeouts),
    );
    this.client = client;
    client.on("notification", (n) => {
      if (n.channel === CHANNEL) this.offer(Number(n.payload));
    });
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.offer(await mapVersion(client));
      this.retryMs = this.opts.intervalMs ?? 500;
    } catch (err) {
      this.lost(client, err instanceof Error ? err : new Error(String(err)));
    }
  }

  private offer(version: number): void {
    if (Number.isFinite(version) && version > this.last) {
      this.last = version;
      this.onVersion(version);
    }
  }

  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client) return; // an old connection's late event
    this.client = undefined;
    client.removeAllListeners("notification");
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.opts.onError?.(err);
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_BACKOFF_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
