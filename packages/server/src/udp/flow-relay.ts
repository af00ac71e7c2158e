import { SourceKey, type SourceLimits } from "@dnsteer/flow";
import type { FlowSink } from "../core/flow-sink.js";

/** Numbers per relayed query: family, w0..w3, prefix length, name group, ECS (0/1), time (ms). */
export const RECORD_WORDS = 9;
/** Records per message; a full buffer is sent at once, the rest every FLUSH_MS. */
const CAPACITY = 8192;
export const FLOW_FLUSH_MS = 200;

/** What a worker needs to count sources as the main thread's flow tap does. */
export interface WorkerFlow {
  /** Query.key of each steered name -> its group (the flow service's map, copied). */
  groups: Map<string, number>;
  limits: SourceLimits;
}

/**
 * A worker's stand-in for the flow analyzer: the flow tap of its chain records each source of
 * a steered name here (the same identification, in the worker), and the records go to the main
 * thread in batches, where `replayFlow` feeds the one analyzer that serve flushes to the store.
 * Allocation-free per query: numbers written into a preallocated Float64Array (uint32 address
 * words and millisecond times are exact in a double).
 */
export class FlowRelay {
  private buffer = new Float64Array(CAPACITY * RECORD_WORDS);
  private count = 0;

  constructor(
    readonly limits: Readonly<SourceLimits>,
    private readonly send: (records: Float64Array) => void,
  ) {}

  recordQuery(source: SourceKey, nameGroup: number, nowMs: number): void {
    if (nameGroup < 0) return;
    const b = this.buffer;
    const at = this.count * RECORD_WORDS;
    b[at] = source.family;
    b[at + 1] = source.w0;
    b[at + 2] = source.w1;
    b[at + 3] = source.w2;
    b[at + 4] = source.w3;
    b[at + 5] = source.prefixLength;
    b[at + 6] = nameGroup;
    b[at + 7] = source.ecs ? 1 : 0;
    b[at + 8] = nowMs;
    if (++this.count === CAPACITY) this.flush();
  }

  /** Passes on records another relay made (a UDP worker's) as they are, after this one's own. */
  forward(records: Float64Array): void {
    this.flush();
    this.send(records);
  }

  /** Sends what was recorded (the buffer itself, transferred) and starts a new one. */
  flush(): void {
    if (this.count === 0) return;
    const records = this.count === CAPACITY ? this.buffer : this.buffer.slice(0, this.count * RECORD_WORDS);
    if (records === this.buffer) this.buffer = new Float64Array(CAPACITY * RECORD_WORDS);
    this.count = 0;
    this.send(records);
  }
}

const replayKey = new SourceKey();

/**
 * Main thread: feeds a worker's records into the sink, as if its own flow tap had seen them (a
 * relay passes them on whole).
 */
export function replayFlow(sink: FlowSink, records: Float64Array): void {
  if (sink instanceof FlowRelay) {
    sink.forward(records);
    return;
  }
  const key = replayKey;
  for (let at = 0; at + RECORD_WORDS <= records.length; at += RECORD_WORDS) {
    key.family = records[at] === 6 ? 6 : 4;
    key.w0 = records[at + 1]!;
    key.w1 = records[at + 2]!;
    key.w2 = records[at + 3]!;
    key.w3 = records[at + 4]!;
    key.prefixLength = records[at + 5]!;
    key.ecs = records[at + 7] === 1;
    sink.recordQuery(key, records[at + 6]!, records[at + 8]!);
  }
}
