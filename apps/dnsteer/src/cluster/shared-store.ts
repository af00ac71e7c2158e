import { PgBackend } from "@dnsteer/store-pg";

/**
 * The shared PostgreSQL, opened on first use and again after a failed open (the server down at
 * boot): callers ask for it each time and treat a rejection as "not now". Once open, the pool
 * reconnects by itself, so a server that went away and came back needs nothing from here.
 */
export class SharedStore {
  private opening: Promise<PgBackend> | undefined;

  constructor(
    private readonly url: string,
    private readonly poolSize = 2,
  ) {}

  get(): Promise<PgBackend> {
    this.opening ??= PgBackend.open(this.url, { poolSize: this.poolSize }).catch((err: unknown) => {
      this.opening = undefined;
      throw err;
    });
    return this.opening;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    const backend = await opening?.catch(() => undefined);
    await backend?.close();
  }
}
