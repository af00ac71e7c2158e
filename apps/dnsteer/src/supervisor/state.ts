/** What `dnsteer up` writes to its data folder for `dnsteer status` (and people) to read. */
export const SUPERVISOR_STATE_FILE = "supervisor.json";
/** The running responder's process id, for the API process to signal a reload. */
export const RESPONDER_PID_FILE = "responder.pid";
/** The running worker's process id: the API signals it when a reload changed the config. */
export const WORKER_PID_FILE = "worker.pid";

export interface ChildState {
  name: string;
  pid: number | null;
  state: "running" | "restarting" | "stopped" | "not started";
  startedAt: number | null;
  restarts: number;
  /** How the last run ended ("exit 1", "signal SIGKILL") or why it is not started. */
  lastError: string | null;
}

export interface SupervisorState {
  pid: number;
  startedAt: number;
  children: ChildState[];
}
