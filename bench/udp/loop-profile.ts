/**
 * What stalls a dnsteer responder's event loop during a latency run, from its /metrics scraped
 * right before and right after (prom-client's default metrics on serve's registry):
 *   - garbage collection: pauses by kind (count, total and mean ms) from the cumulative
 *     `nodejs_gc_duration_seconds` histogram, the difference of the two scrapes;
 *   - event-loop delay: p50 / p99 / max in ms over the run (prom-client resets its
 *     monitorEventLoopDelay histogram at each scrape, so the second scrape covers the run alone).
 *     Node samples with a 10 ms timer (prom-client's default precision) and records each interval
 *     whole, so 10 ms is subtracted: what is printed is how late the loop came back to the timer.
 * Usage: loop-profile.ts before.txt after.txt seconds   (prints one line)
 */
import { readFileSync } from "node:fs";

const PREFIX = "dnsteer_responder_nodejs_";

function parse(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line.startsWith(PREFIX)) continue;
    const space = line.lastIndexOf(" ");
    values.set(line.slice(PREFIX.length, space), Number(line.slice(space + 1)));
  }
  return values;
}

const [beforeFile, afterFile, secondsText] = process.argv.slice(2);
const before = parse(readFileSync(beforeFile!, "utf8"));
const after = parse(readFileSync(afterFile!, "utf8"));
const seconds = Number(secondsText);
const gc: string[] = [];
let pausedMs = 0;
for (const kind of ["minor", "major", "incremental", "weakcb"]) {
  const key = (what: string) => `gc_duration_seconds_${what}{kind="${kind}"}`;
  const count = (after.get(key("count")) ?? 0) - (before.get(key("count")) ?? 0);
  const sumMs = ((after.get(key("sum")) ?? 0) - (before.get(key("sum")) ?? 0)) * 1000;
  if (count <= 0) continue;
  pausedMs += sumMs;
  gc.push(`${kind} ${count} x ${(sumMs / count).toFixed(2)} ms`);
}
const SAMPLING_MS = 10;
const lag = (name: string) => Math.max(0, (after.get(`eventloop_lag_${name}_seconds`) ?? Number.NaN) * 1000 - SAMPLING_MS).toFixed(2);
console.log(
  `GC ${gc.join(", ") || "none"} (${pausedMs.toFixed(0)} ms in ${seconds} s, ${((pausedMs / (seconds * 1000)) * 100).toFixed(2)} % of the run); ` +
    `event loop late by p50 ${lag("p50")} / p99 ${lag("p99")} / max ${lag("max")} ms (10 ms timer)`,
);
