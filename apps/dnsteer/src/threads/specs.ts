/**
 * The app's worker threads, one spec each: the body, what it starts with, the messages each way.
 * Bodies live beside this file; both sides import the spec (never the body: importing it runs it).
 */
import type { ControlOptions } from "@dnsteer/control";
import type { DecisionMapTransfer } from "@dnsteer/steering";
import { ThreadSpec } from "@dnsteer/threads";

type Stop = { type: "stop" };

/** The responder's decision refresh: polls the store's decision version, builds each new map. */
export interface RefreshData {
  dbPath: string;
  /** Provider names in the order the decision map indexes them (the config's). */
  providers: string[];
  intervalMs: number;
}
export type RefreshOut = { type: "map"; version: number; transfer: DecisionMapTransfer };
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

export const STOP: Stop = { type: "stop" };
