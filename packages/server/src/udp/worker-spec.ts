import type { DecisionMapTransfer } from "@dnsteer/steering";
import { ThreadSpec } from "@dnsteer/threads";
import type { ServerSettingsInput } from "../core/settings.js";
import type { ZoneFile } from "../reload/zone-files.js";
import type { WorkerFlow } from "./flow-relay.js";
import type { UdpListenerStats } from "./listener.js";

/** What steered answers need besides decisions (the config's steering, as buildSteeringView takes it). */
export interface WorkerSteering {
  names: string[];
  providers: Array<{ name: string; serviceA: string[]; serviceAAAA: string[] }>;
  defaultProvider?: string;
  ttl: number;
}

/** An extra responder thread: its own SO_REUSEPORT socket on each of the main thread's bound addresses. */
export interface UdpWorkerData {
  index: number;
  zoneFiles: ZoneFile[];
  settings: ServerSettingsInput;
  /** Addresses and the ports the main thread bound (never 0). */
  listen: Array<{ address: string; port: number }>;
  steering?: WorkerSteering;
  decisions?: DecisionMapTransfer;
  /** When the main thread's chain counts sources of steered names: the worker relays its counts. */
  flow?: WorkerFlow;
  /** The main thread counts steered answers (per provider and type): count them here too and report. */
  countAnswers?: boolean;
  /** A counting handler to run first in the worker's chain (responders.ts `WorkerCounters`). */
  counters?: { module: string; exportName: string };
}

export type UdpWorkerIn =
  | { type: "reload"; id: number; zoneFiles: ZoneFile[]; settings: ServerSettingsInput }
  | { type: "decisions"; transfer: DecisionMapTransfer; steering?: WorkerSteering; flowGroups?: Map<string, number> }
  | { type: "stats"; id: number }
  | { type: "stop" };

export type UdpWorkerOut =
  | { type: "ready" }
  | { type: "failed"; error: string }
  | { type: "reloaded"; id: number; index: number; error?: string }
  /** Sources of steered names this worker saw (flow-relay.ts records), for the main thread's analyzer. */
  | { type: "flow"; records: Float64Array }
  /** Steered answers this worker gave since its last report (SteeredAnswerCounts cells). */
  | { type: "answers"; names: string[]; counts: Float64Array }
  /** The counting handler's cells counted since the last report. */
  | { type: "counters"; counts: Float64Array }
  /** Answer template cache lookups since the last report (templateCacheCounts cells). */
  | { type: "templates"; counts: Float64Array }
  | { type: "stats"; id: number; index: number; listeners: UdpListenerStats[] };

export const udpWorkerThread = new ThreadSpec<UdpWorkerData, UdpWorkerIn, UdpWorkerOut>(new URL("./worker-thread.ts", import.meta.url));
