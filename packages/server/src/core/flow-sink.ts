import type { SourceKey, SourceLimits } from "@dnsteer/flow";

/**
 * Where the flow tap's counts go: a FlowAnalyzer itself, or a FlowRelay (udp/flow-relay.ts) that
 * batches them to the thread owning the analyzer, so no answering thread ranks or writes sources.
 */
export interface FlowSink {
  readonly limits: Readonly<SourceLimits>;
  recordQuery(source: SourceKey, nameGroup: number, nowMs: number): void;
}
