/** Rebuilt no sooner than this after the last build, however often the store changes. */
const MIN_AGE_MS = 5000;
/** ...and no sooner than this many times the last build's duration: rebuilding takes at most ~1/10 of the process. */
const AGE_PER_BUILD_MS = 10;

/**
 * A value derived from whole tables (the latency matrix, the shares), kept while the store's
 * version is the same and rebuilt when it changed, but not more often than above: a worker
 * writing every second must not make a 100k-row table rebuild on every poll.
 */
export class Rebuilt<T> {
  private value: T | undefined;
  private version = "";
  private builtAt = 0;
  private buildMs = 0;

  constructor(private readonly build: () => T) {}

  /** The next get builds anew (a change the version does not show, such as the provider list). */
  invalidate(): void {
    this.value = undefined;
  }

  get(version: string, now: number): T {
    const fresh =
      this.value !== undefined && (version === this.version || now - this.builtAt < Math.max(MIN_AGE_MS, AGE_PER_BUILD_MS * this.buildMs));
    if (fresh) return this.value as T;
    const started = performance.now();
    this.value = this.build();
    this.buildMs = performance.now() - started;
    this.version = version;
    this.builtAt = now;
    return this.value;
  }
}
