// The worker's SQLite writer, on its own thread (see store-writer.ts for why). One reply per
// message, so the main thread knows when everything it sent has been handled.
import { type PathStat, type SampleInput, Store } from "@dnsteer/storage";
import { type WriterReply, writerThread } from "./store-writer.js";

const {
  data: { path, synchronous, maxBuffered },
  port,
} = writerThread.inThread();
const store = Store.open(path, { synchronous });
// Kept across a failed commit and retried with the next batch (newer aggregates replace older).
let samples: SampleInput[] = [];
const stats = new Map<string, PathStat>();
const reply = (r: WriterReply) => port.post(r);

function commit(): WriterReply {
  if (samples.length === 0 && stats.size === 0) return { type: "committed", batch: null };
  try {
    const batch = store.recordBatch(samples, [...stats.values()]);
    samples = [];
    stats.clear();
    return { type: "committed", batch };
  } catch (err) {
    return { type: "failed", error: String(err), buffered: samples.length };
  }
}

port.onMessage((m) => {
  if (m.type === "batch") {
    samples.push(...m.samples);
    // If the database stays unwritable, drop the oldest rather than grow without bound.
    if (samples.length > maxBuffered) samples = samples.slice(samples.length - maxBuffered);
    for (const s of m.stats) stats.set(`${s.prefix}/${s.prefixLength}|${s.provider}|${s.kind}`, s);
    reply(commit());
  } else if (m.type === "health") {
    try {
      store.putProviderHealth(m.states, m.at);
      reply({ type: "health-stored" });
    } catch (err) {
      reply({ type: "failed", error: `provider health: ${String(err)}`, buffered: samples.length });
    }
  } else if (m.type === "retention") {
    try {
      reply({ type: "retention", deleted: store.deleteSamplesBefore(m.before) });
    } catch (err) {
      reply({ type: "retention-failed", error: String(err) });
    }
  } else {
    const last = commit();
    store.close();
    reply(last);
    port.close();
  }
});
reply({ type: "ready" });
