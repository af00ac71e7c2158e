import type { SteeringConfig } from "@dnsteer/config";
import { type FlowAnalyzerOptions, type FlowSource, resolveSourceLimits } from "@dnsteer/flow";
import { FLOW_FLUSH_MS, FlowRelay, type FlowService, type SteeredAnswerCounts } from "@dnsteer/server";
import type { SourceInput } from "@dnsteer/storage";
import { SupervisedThread } from "@dnsteer/threads";
import { nameToKey, parseName } from "@dnsteer/wire";
import type { ZoneSet } from "@dnsteer/zone";
import { type FlowData, type FlowFigures, flowThread, STOP } from "./threads/specs.js";

/** Group index -> label used in the sources table's per-group counts: the group's first name. */
export type GroupLabels = string[];

/** The flow tap's setup in serve: the answering threads count into `relay`; the flow thread ranks and writes. */
export interface FlowSetup {
  service: FlowService;
  /** Group index -> label; changed in place at a reload, then `labelsChanged()`. */
  labels: GroupLabels;
  /** The analyzer the flow thread builds. */
  analyzerOptions: FlowAnalyzerOptions;
  relay: FlowRelay;
  /** Where the relay's batches go: the flow thread, once `startFlowThread` has started it. */
  outlet: { send: (records: Float64Array) => void };
  /** The table's figures as the flow thread last sent them (/metrics reads them at scrape). */
  figures: FlowFigures;
  /** Tell the flow thread the labels changed (bound by `startFlowThread`). */
  labelsChanged: () => void;
}

/**
 * The flow tap for the configured steered names. Every steered name must lie in a served zone
 * (the zone files stay standard; steering only references their names). Counts go into a
 * FlowRelay; `startFlowThread` connects it to the thread that owns the analyzer.
 */
export function createFlowService(steering: SteeringConfig, zones: ZoneSet): FlowSetup {
  const groups = new Map<string, number>();
  const labels: GroupLabels = [];
  steering.names.forEach((entry, i) => {
    const name = parseName(entry.name.endsWith(".") ? entry.name : `${entry.name}.`);
    if (!zones.find(name)) throw new Error(`steering.names.${i}: ${name} is not in any served zone`);
    const group = entry.group ?? i;
    labels[group] ??= name;
    groups.set(nameToKey(name), group);
  });
  const { flow } = steering;
  const analyzerOptions: FlowAnalyzerOptions = {
    maxSources: flow.maxSources,
    groups: Math.max(...groups.values()) + 1,
    halfLifeMs: flow.halfLifeMs,
    limits: { ecsMaxPrefix4: flow.ecsMaxPrefix4, ecsMaxPrefix6: flow.ecsMaxPrefix6 },
  };
  const outlet = { send: (_records: Float64Array) => {} };
  const relay = new FlowRelay(resolveSourceLimits(analyzerOptions.limits), (records) => outlet.send(records));
  return {
    service: { analyzer: relay, groups },
    labels,
    analyzerOptions,
    relay,
    outlet,
    figures: { held: 0, capacity: flow.maxSources, evictions: 0, relocations: 0, rehashes: 0 },
    labelsChanged: () => {},
  };
}

export function toSourceRow(s: FlowSource, labels: GroupLabels): SourceInput {
  const groupCounts: Record<string, number> = {};
  s.perGroup.forEach((count, g) => {
    if (count > 0) groupCounts[labels[g] ?? `group${g}`] = count;
  });
  return {
    family: s.family,
    address: s.address,
    prefixLength: s.prefixLength,
    aggregateAddress: s.aggregate.address,
    aggregatePrefixLength: s.aggregate.prefixLength,
    rate: s.rate,
    queries: s.queries,
    groupCounts,
    firstSeen: s.firstSeenMs,
    lastSeen: s.lastSeenMs,
    ecs: s.ecs,
  };
}

export interface FlowThreadOptions {
  flow: FlowSetup;
  dbPath: string;
  steering: SteeringConfig;
  onError: (err: unknown, what: "sources" | "answers") => void;
  /** Also hands each batch on (to the shared database, store.kind postgres). */
  report?: (rows: SourceInput[]) => void;
  /** The steer handler's answers per provider: sent to the thread every `answersEveryMs` to be stored. */
  answers?: SteeredAnswerCounts;
  answersEveryMs?: number;
  /** The thread died (it is started again after `restartInMs`; counts sent meanwhile are lost). */
  onCrash: (err: Error, restartInMs: number) => void;
}

/**
 * Start the flow thread: the relay's batches go to it (every FLOW_FLUSH_MS and when a batch is
 * full), it ranks the sources and writes them to the store every `flushIntervalMs`, and sends
 * back the table's figures (and, for `report`, each flush's rows); the answer counts go to it
 * every 10 s to be stored. Returns a function that sends
 * the last counts, has the thread flush once more and waits for it to stop.
 */
export function startFlowThread(options: FlowThreadOptions): () => Promise<void> {
  const { flow, dbPath, steering, onError, report, answers } = options;
  let answersSent: FlowData["answersSent"];
  // Supervised: a crashed flow thread (its table of sources is lost with it) starts again, empty.
  const thread = new SupervisedThread(
    flowThread,
    () => ({
      dbPath,
      analyzer: flow.analyzerOptions,
      flushIntervalMs: steering.flow.flushIntervalMs,
      minRate: steering.flow.minRate,
      limit: steering.flow.limit,
      labels: [...flow.labels],
      report: report !== undefined,
      answersSent, // cloned with the rest of the thread's data
    }),
    {
      attach: (t) =>
        t.onMessage((m) => {
          if (m.type === "figures") {
            const { type: _, ...figures } = m;
            Object.assign(flow.figures, figures);
          } else if (m.type === "rows") report?.(m.rows);
          else if (m.type === "failed") onError(Object.assign(new Error(m.error), { code: m.code }), m.what);
        }),
      onCrash: options.onCrash,
    },
  );
  const sendAnswers = () => {
    if (!answers) return;
    const counts = answers.counts.slice(); // one consistent copy: queries keep counting meanwhile
    answersSent = { names: [...answers.names], counts }; // kept: a restarted thread starts from it
    thread.post({ type: "answers", ...answersSent }); // cloned, not transferred: the copy is kept
  };
  const answersTimer = setInterval(sendAnswers, options.answersEveryMs ?? 10_000);
  answersTimer.unref();
  flow.outlet.send = (records) => thread.post({ type: "records", records }, [records.buffer as ArrayBuffer]);
  flow.labelsChanged = () => thread.post({ type: "labels", labels: [...flow.labels] });
  const timer = setInterval(() => flow.relay.flush(), FLOW_FLUSH_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    clearInterval(answersTimer);
    flow.relay.flush();
    sendAnswers();
    flow.outlet.send = () => {};
    // The last flush writes up to `limit` rows: give it time before ending the thread.
    await thread.stop(STOP, 30_000);
  };
}
