/**
 * Thread body: the flow analyzer of `serve`. The answering threads count each steered query
 * into a FlowRelay (a few array writes) and the batches arrive here; ranking the sources and
 * writing them to the store — seconds of CPU every flush with a million sources — happen here,
 * never on a thread that answers.
 */
import { FlowAnalyzer } from "@dnsteer/flow";
import { replayFlow } from "@dnsteer/server";
import { Store } from "@dnsteer/storage";
import { toSourceRow } from "../flow.js";
import { AnswerHistory } from "../metrics/answer-history.js";
import { flowThread } from "./specs.js";

const { data, port } = flowThread.inThread();
const analyzer = new FlowAnalyzer(data.analyzer);
const store = Store.open(data.dbPath);
let labels = data.labels;
// What main last sent of its SteeredAnswerCounts: AnswerHistory adds what grew since the last write
// (after a restart, from what was sent to the thread before).
const answers: { names: string[]; counts: Float64Array } = data.answersSent ?? { names: [], counts: new Float64Array(0) };
const history = new AnswerHistory(answers, store);

function figures(): void {
  const s = analyzer.table.stats;
  port.post({
    type: "figures",
    held: analyzer.size,
    capacity: analyzer.capacity,
    evictions: s.evictions,
    relocations: s.relocations,
    rehashes: s.rehashes,
  });
}

function flush(): void {
  try {
    const selected = analyzer.select({ nowMs: Date.now(), minRate: data.minRate, limit: data.limit });
    if (selected.length > 0) {
      const rows = selected.map((s) => toSourceRow(s, labels));
      store.upsertSources(rows);
      if (data.report) port.post({ type: "rows", rows });
    }
  } catch (err) {
    failed("sources", err);
  }
  figures();
}

function failed(what: "sources" | "answers", err: unknown): void {
  port.post({ type: "failed", what, error: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code });
}

const flushTimer = setInterval(flush, data.flushIntervalMs);
const figuresTimer = setInterval(figures, 1000);
port.onMessage((message) => {
  switch (message.type) {
    case "records":
      replayFlow(analyzer, message.records);
      return;
    case "labels":
      labels = message.labels;
      return;
    case "answers":
      answers.names = message.names;
      answers.counts = message.counts;
      try {
        history.flush(Date.now());
      } catch (err) {
        failed("answers", err);
      }
      return;
    case "stop":
      clearInterval(flushTimer);
      clearInterval(figuresTimer);
      flush();
      store.close();
      port.post({ type: "stopped" });
      port.close();
      return;
  }
});
