import { identifySourceText, SourceKey } from "@dnsteer/flow";
import type { FlowSink } from "../../core/flow-sink.js";
import type { Handler } from "../../core/handler.js";

export type { FlowSink } from "../../core/flow-sink.js";

/** What the flow recorder needs: where to count, and which query keys are steered (key -> group). */
export interface FlowService {
  analyzer: FlowSink;
  /** Lowercased wire name (Query.key) of each steered name -> its group. */
  groups: ReadonlyMap<string, number>;
  /** Clock for first/last seen and decay; default a coarse clock (10 ms) that costs nothing per query. */
  now?: () => number;
}

/** Date.now() at 10 ms resolution: plenty for demand decay over minutes, and free to read. */
let coarseNow = Date.now();
let coarseTimer: NodeJS.Timeout | undefined;
function coarseClock(): () => number {
  if (!coarseTimer) {
    coarseTimer = setInterval(() => (coarseNow = Date.now()), 10);
    coarseTimer.unref();
  }
  return () => coarseNow;
}

/** The clock the tap stamps counts with: the service's own, else the coarse one. */
export function flowClock(service: FlowService): () => number {
  return service.now ?? coarseClock();
}

/**
 * The passive flow analyzer's tap: count the source (its ECS subnet when present, else the
 * resolver) of every query for a steered name, then pass the query on. One Map lookup for
 * other names; O(1) and allocation-free for steered ones. Never answers.
 */
export function flowRecorder(service: FlowService): Handler {
  const key = new SourceKey();
  const now = flowClock(service);
  const { analyzer, groups } = service;
  return (ctx, next) => {
    const group = groups.get(ctx.query.key);
    if (group !== undefined && identifySourceText(key, ctx.remote.address, ctx.query.edns?.clientSubnet, analyzer.limits)) {
      analyzer.recordQuery(key, group, now());
    }
    return next(ctx);
  };
}
