import { Counter, type Registry } from "prom-client";

/**
 * A counter whose value is read from elsewhere at each scrape (a tally kept by the code that
 * counts, or sent by a thread): reset and set to `read()`, so /metrics shows it as a counter.
 */
export function scrapeCounter(registry: Registry, name: string, help: string, read: () => number): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}
