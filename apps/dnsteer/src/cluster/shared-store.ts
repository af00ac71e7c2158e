import { PgBackend } from "@dnsteer/store-pg";
import type { ClusterSettings } from "./settings.js";

/**
 * The shared PostgreSQL, opened on first use and again after a failed open (the server down at
 * boot): callers ask for it each time and treat a rejection as "not now". Once open, the pool
 * reconnects by itself, so a server that went away and came back needs nothing from here.
 */
export class SharedStore {
  private opening: Promise<PgBackend> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly poolSize = 2,
    private readonly timeouts?: ClusterSettings["timeouts"],
  ) {}

  get(): Promise<PgBackend> {
    if (this.closed) return Promise.reject(new Error("the shared store is closed"));
    this.opening ??= PgBackend.open(this.url, { poolSize: this.poolSize, timeouts: this.timeouts }).catch((err: unknown) => {
      this.opening = undefined;
      throw err;
    });
    return this.opening;
  }

  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = undefined;
    const backend = await opening?.catch(() => undefined);
    await backend?.close();
  }
}
