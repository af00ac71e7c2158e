/**
 * Leader election for the decider: at most one holder of a name at a time. `acquire` tries once
 * and never waits (a standby calls it again every evaluation); `holds` says whether this process
 * is the leader right now; "lost" fires once when it stops being so without calling `release`
 * (its database session died), and the holder must stop deciding at once.
 */
export interface LeaderElection {
  readonly name: string;
  acquire(): Promise<boolean>;
  holds(): boolean;
  on(event: "lost", listener: (reason: string) => void): this;
  off(event: "lost", listener: (reason: string) => void): this;
  /** The fencing token of the term held now (undefined when not holding); writes carry it (see LeaderFence). */
  fence(): LeaderFence | undefined;
  release(): Promise<void>;
  /** Releases and frees the election's connection. */
  close(): Promise<void>;
}

export interface LeaderOptions {
  /** PostgreSQL: how often the lock's connection is checked (default 1000 ms); a failed check is a loss. */
  heartbeatMs?: number;
}

/**
 * A leader's fencing token: the election's name and the epoch it was won at (each win a higher
 * one). A decisions write carrying it is refused (FENCED) once a newer leader has been elected.
 */
export interface LeaderFence {
  readonly name: string;
  readonly epoch: number;
}
