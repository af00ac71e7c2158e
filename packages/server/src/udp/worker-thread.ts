/**
 * Body of an extra UDP responder thread (workers.ts starts it): loads the zones itself (off its
 * own thread, like every reload), builds the default chain with the shared steering view, and
 * answers on its own SO_REUSEPORT batch socket per listen address. Reloads and decision maps
 * come from the main thread as messages.
 */
import { DecisionMap } from "@dnsteer/steering";
import { createResponder } from "../core/responder.js";
import { resolveSettings } from "../core/settings.js";
import { createSnapshot, type Snapshot } from "../core/snapshot.js";
import { type QueryTally, tallyHandler } from "../core/tally.js";
import { FastLane } from "../fast-lane/fast-lane.js";
// The package's index, not plugins/ directly: only chain.ts and index.ts import plugins (layout rules).
import {
  buildChain,
  buildSteeringView,
  type ChainServices,
  cookiesForProblemReplies,
  DnsCookies,
  ResponseRateLimiter,
  rrlForProblemReplies,
  SteeredAnswerCounts,
  type SteeringView,
  templateCacheCounts,
} from "../index.js";
import { loadZoneFilesOffThread } from "../reload/load-off-thread.js";
import { listenBatch } from "./batch-listener.js";
import { chooseUdpTransport } from "./choose.js";
import { FLOW_FLUSH_MS, FlowRelay } from "./flow-relay.js";
import type { UdpListener } from "./listener.js";
import { type UdpWorkerData, type UdpWorkerIn, udpWorkerThread } from "./worker-spec.js";

const { data, port } = udpWorkerThread.inThread();
const listeners: UdpListener[] = [];
let snapshot: Snapshot;
let view: SteeringView | undefined;
let flowGroups = new Map<string, number>();

function viewOf(d: UdpWorkerData, map: DecisionMap): SteeringView {
  return buildSteeringView({ ...d.steering!, decisions: map });
}

async function start(d: UdpWorkerData): Promise<void> {
  const transport = chooseUdpTransport("batch");
  if (transport.kind !== "batch") throw new Error(transport.reason);
  const settings = resolveSettings(d.settings);
  snapshot = createSnapshot(await loadZoneFilesOffThread(d.zoneFiles), settings);
  const services: ChainServices = { rateLimiter: new ResponseRateLimiter(), cookies: new DnsCookies() };
  if (d.steering) {
    const providers = d.steering.providers.map((p) => p.name);
    view ??= viewOf(d, d.decisions ? DecisionMap.fromTransfer(d.decisions) : DecisionMap.from(providers, []));
    const answers = d.countAnswers ? new SteeredAnswerCounts() : undefined;
    services.steering = { current: () => view!, answers };
    if (answers) setInterval(() => reportAnswers(answers), FLOW_FLUSH_MS).unref();
  }
  if (d.flow) {
    flowGroups = d.flow.groups;
    const relay = new FlowRelay(d.flow.limits, (records) => port.post({ type: "flow", records }, [records.buffer as ArrayBuffer]));
    setInterval(() => relay.flush(), FLOW_FLUSH_MS).unref();
    // The relay is a FlowSink: the flow tap counts into it and it sends the counts on.
    services.flow = { analyzer: relay, groups: flowGroups };
  }
  const chain = buildChain(services);
  let tally: CountingTally | undefined;
  if (d.counters) {
    // The main thread's tally, built here from its module: counted cells go back every 200 ms.
    tally = new ((await import(d.counters.module)) as Record<string, new () => CountingTally>)[d.counters.exportName]!();
    chain.unshift(tallyHandler(tally));
    const cells = tally.counts;
    setInterval(() => report("counters", cells), FLOW_FLUSH_MS).unref();
  }
  // This thread's answer template lookups (a module-level array per thread) go to the main thread's.
  setInterval(() => report("templates", templateCacheCounts), FLOW_FLUSH_MS).unref();
  const respond = createResponder(() => snapshot, {
    chain,
    limitProblem: rrlForProblemReplies(services.rateLimiter!),
    cookieProblem: cookiesForProblemReplies(services.cookies!),
  });
  const fastLane = new FastLane(() => snapshot, { ...services, tally });
  for (const { address, port: at } of d.listen) {
    listeners.push(listenBatch(transport.udp, address, at, respond, fastLane, settings.udpReceiveBufferBytes, true));
  }
}

/** A tally as the main thread's: it counts every query into `counts`. */
interface CountingTally extends QueryTally {
  counts: Float64Array;
}

/** Sends the cells counted since the last report and starts them again from zero. */
function report(type: "counters" | "templates", cells: Float64Array): void {
  if (!cells.some((n) => n > 0)) return;
  const counts = cells.slice();
  cells.fill(0);
  port.post({ type, counts }, [counts.buffer as ArrayBuffer]);
}

/** Steered answers since the last report, by provider name (slots follow this worker's first counts). */
function reportAnswers(answers: SteeredAnswerCounts): void {
  if (!answers.counts.some((n) => n > 0)) return;
  const counts = answers.counts.slice();
  answers.counts.fill(0);
  port.post({ type: "answers", names: [...answers.names], counts }, [counts.buffer as ArrayBuffer]);
}

async function handle(message: UdpWorkerIn): Promise<void> {
  switch (message.type) {
    case "reload":
      try {
        snapshot = createSnapshot(await loadZoneFilesOffThread(message.zoneFiles), resolveSettings(message.settings));
        port.post({ type: "reloaded", id: message.id, index: data.index });
      } catch (err) {
        port.post({ type: "reloaded", id: message.id, index: data.index, error: err instanceof Error ? err.message : String(err) });
      }
      return;
    case "decisions":
      if (message.steering) data.steering = message.steering;
      if (message.flowGroups) {
        // in place: the flow tap holds this map (as the main thread's is updated in place)
        flowGroups.clear();
        for (const [key, group] of message.flowGroups) flowGroups.set(key, group);
      }
      if (data.steering) view = viewOf(data, DecisionMap.fromTransfer(message.transfer));
      return;
    case "stats":
      port.post({ type: "stats", id: message.id, index: data.index, listeners: listeners.map((l) => l.stats()) });
      return;
    case "stop":
      for (const l of listeners) l.close();
      port.close();
      return;
  }
}

port.onMessage((message) => void handle(message));
start(data).then(
  () => port.post({ type: "ready" }),
  (err: unknown) => {
    for (const l of listeners) l.close();
    port.post({ type: "failed", error: err instanceof Error ? err.message : String(err) });
  },
);
