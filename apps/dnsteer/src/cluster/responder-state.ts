import { join } from "node:path";
import { readStateFile, writeStateFile } from "../state-file.js";
import type { ResponderBridge } from "./responder-bridge.js";

/** In dataDir: the responder's link to the shared database, for `dnsteer status` (another process). */
export const RESPONDER_STATE_FILE = "cluster-responder.json";

export interface ResponderClusterState {
  responder: string;
  /** The decision map version served (-1: none yet). */
  mapVersion: number;
  /** Since the map was last confirmed the database's latest; null: never. */
  stalenessMs: number | null;
  demandReports: number;
  demandFailures: number;
  /** When this was written. */
  at: number;
}

function snapshot(bridge: ResponderBridge, responder: string): ResponderClusterState {
  const stale = bridge.stalenessMs();
  return {
    responder,
    mapVersion: bridge.mapVersion,
    stalenessMs: Number.isFinite(stale) ? stale : null,
    demandReports: bridge.demandReports,
    demandFailures: bridge.demandFailures,
    at: Date.now(),
  };
}

/** Writes the state file every `everyMs` (temp file and rename: never half read); returns the stopper. */
export function startResponderStateFile(bridge: ResponderBridge, responder: string, dataDir: string, everyMs = 1000): () => void {
  const path = join(dataDir, RESPONDER_STATE_FILE);
  const write = () => writeStateFile(path, snapshot(bridge, responder));
  write();
  const timer = setInterval(write, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function readResponderState(dataDir: string): ResponderClusterState | null {
  return readStateFile<ResponderClusterState>(join(dataDir, RESPONDER_STATE_FILE));
}
