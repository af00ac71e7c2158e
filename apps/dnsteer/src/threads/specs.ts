/**
 * The app's worker threads, one spec each: the body, what it starts with, the messages each way.
 * Bodies live beside this file; both sides import the spec (never the body: importing it runs it).
 */
import type { ControlOptions } from "@dnsteer/control";
import type { FlowAnalyzerOptions } from "@dnsteer/flow";
import type { DecisionMapTransfer } from "@dnsteer/steering";
import type { SourceInput } from "@dnsteer/storage";
import { ThreadSpec } from "@dnsteer/threads";

type Stop = { type: "stop" };

/** The responder's decision refresh: polls the store's decision version, builds each new map. */
export interface RefreshData {
  dbPath: string;
  /** Provider names in the order the decision map indexes them (the config's). */
  providers: string[];
  intervalMs: number;
}
/** `how`: "patched" = the last map with providers changed (route change log), "read" = every route read; `ms` it took. */
export type RefreshOut = { type: "map"; version: number; transfer: DecisionMapTransfer; how: MapRefresh["how"]; ms: number };
export interface MapRefresh {
  version: number;
  how: "patched" | "read";
  ms: number;
}
export const refreshThread = new ThreadSpec<RefreshData, Stop, RefreshOut>(new URL("./refresh-thread.ts", import.meta.url));

/** The worker's controller loop: one evaluation every `intervalMs`, and a last one on stop. */
export interface DecideData {
  dbPath: string;
  intervalMs: number;
  options: ControlOptions;
}
export type DecideOut =
  /** `switches`: `changed` by the cause of each new decision. */
  | { type: "decided"; sources: number; changed: number; switches: Record<string, number>; removed: number }
  | { type: "failed"; error: string }
  /** The policy stored through the API did not validate over the config's: the config's ran. */
  | { type: "stored-policy-ignored"; error: string }
  /** A stored decision that did not read back: skipped (the evaluation writes it anew). */
  | { type: "corrupt-row"; message: string };
export const decideThread = new ThreadSpec<DecideData, Stop, DecideOut>(new URL("./decide-thread.ts", import.meta.url));

/**
 * serve's flow thread: owns the flow analyzer, fed the answering threads' counts in batches;
 * ranks the sources and writes them to the store every `flushIntervalMs`, off every thread that
 * answers (with 1M sources a flush is ~2 s of CPU: ranking 100k of them and writing them). It
 * also writes the steered answer counts it is sent, so no answering thread writes SQLite (nor
 * waits on the lock behind a long sources transaction).
 */
export interface FlowData {
  dbPath: string;
  analyzer: FlowAnalyzerOptions;
  flushIntervalMs: number;
  minRate: number;
  limit: number;
  /** Group index -> label in the sources rows' per-group counts. */
  labels: string[];
  /** Send each flush's rows back (store.kind postgres: the demand report to the shared database). */
  report: boolean;
  /**
   * A restarted thread: the answer counts last sent to the one that crashed, taken as stored
   * (at most the last few seconds' answers go unstored, none twice).
   */
  answersSent?: { names: string[]; counts: Float64Array };
}
export type FlowIn =
  | Stop
  | { type: "records"; records: Float64Array }
  | { type: "labels"; labels: string[] }
  /** The steered answers per provider counted so far (SteeredAnswerCounts' names and a copy of its counts). */
  | { type: "answers"; names: string[]; counts: Float64Array };
/** The table's figures for /metrics, sent after each flush and every second. */
export interface FlowFigures {
  held: number;
  capacity: number;
  evictions: number;
  relocations: number;
  rehashes: number;
}
export type FlowOut =
  | ({ type: "figures" } & FlowFigures)
  | { type: "rows"; rows: SourceInput[] }
  | { type: "failed"; what: "sources" | "answers"; error: string; code?: string }
  | { type: "stopped" };
export const flowThread = new ThreadSpec<FlowData, FlowIn, FlowOut>(new URL("./flow-thread.ts", import.meta.url));

export const STOP: Stop = { type: "stop" };
