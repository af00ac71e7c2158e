import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import { type LeaderElection, type LeaderFence, type LeaderOptions, StorageError } from "@dnsteer/storage";
import pg from "pg";
import { clientConfig, DEFAULT_TIMEOUTS, type PgTimeouts } from "./db.js";

/** The advisory lock key of an election: 64 bits of sha256("dnsteer leader " + name), signed as PostgreSQL's bigint. */
export function leaderLockKey(name: string): string {
  return createHash("sha256").update(`dnsteer leader ${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * A new term: the election's epoch bumped on the lock's own session. It waits for a deposed
 * leader's write in flight (which holds the row FOR SHARE) to end, so that write lands before
 * this term starts or is refused; bounded, since that write is (the pool's statement timeout).
 */
const NEW_TERM = `INSERT INTO leader_epochs (name, epoch, elected_at, holder) VALUES ($1, 1, $2, $3)
  ON CONFLICT (name) DO UPDATE SET epoch = leader_epochs.epoch + 1, elected_at = excluded.elected_at, holder = excluded.holder
  RETURNING epoch`;
const NEW_TERM_TIMEOUT_MS = 60_000;

/**
 * Leader election with a session-level advisory lock (pg_try_advisory_lock) held on a dedicated
 * connection: PostgreSQL frees it the moment that session ends, so a dead leader's lock goes
 * with its connection and a standby's next `acquire` gets it. The holder checks its connection
 * every `heartbeatMs` (a query that must answer within that time): an error, an end or a check
 * that fails is "lost" — the session, and with it the lock, may be gone, so it stops at once.
 * Each win bumps the election's epoch (`leader_epochs`, the fencing token): a write that carries
 * the epoch of a term that has since ended is refused by the database (FENCED), even when its
 * writer has not yet heard that it lost.
 */
export class AdvisoryLockElection extends EventEmitter implements LeaderElection {
  private client: pg.Client | undefined;
  private holding = false;
  private epoch = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly key: string;
  private readonly heartbeatMs: number;

  constructor(
    private readonly url: string,
    readonly name: string,
    opts: LeaderOptions = {},
    private readonly timeouts: PgTimeouts = DEFAULT_TIMEOUTS,
  ) {
    super();
    this.key = leaderLockKey(name);
    this.heartbeatMs = opts.heartbeatMs ?? 1000;
  }

  async acquire(): Promise<boolean> {
    if (this.holding) return true;
    const client = await this.connection();
    const got = (await client.query<{ got: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS got", [this.key])).rows[0]!.got;
    if (got && this.client === client) {
      this.epoch = await this.newTerm(client);
      this.holding = true;
      this.heartbeat = setInterval(() => void this.check(client), this.heartbeatMs);
      this.heartbeat.unref();
    }
    return this.holding;
  }

  holds(): boolean {
    return this.holding;
  }

  fence(): LeaderFence | undefined {
    return this.holding ? { name: this.name, epoch: this.epoch } : undefined;
  }

  /** The backend process id of the lock's session (for fencing, and for tests that end it). */
  async sessionPid(): Promise<number> {
    const client = await this.connection();
    return (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  }

  async release(): Promise<void> {
    if (!this.holding) return;
    this.stopHolding();
    await this.client?.query("SELECT pg_advisory_unlock($1::bigint)", [this.key]).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.release();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client(
      clientConfig(
        this.url,
        { query_timeout: this.heartbeatMs * 2, application_name: `dnsteer leader ${this.name}`.slice(0, 63) },
        this.timeouts,
      ),
    );
    client.on("error", (err) => this.lose(client, `connection failed: ${err.message}`));
    client.on("end", () => this.lose(client, "connection ended"));
    this.client = client;
    try {
      await client.connect();
    } catch (err) {
      this.client = undefined;
      throw new StorageError("OPEN_FAILED", `leader election ${this.name}: cannot reach PostgreSQL: ${String(err)}`, { cause: err });
    }
    return client;
  }

  private async newTerm(client: pg.Client): Promise<number> {
    try {
      const holder = `${hostname()} pid ${process.pid}`;
      const rows = await client.query<{ epoch: number }>({
        text: NEW_TERM,
        values: [this.name, Date.now(), holder],
        query_timeout: NEW_TERM_TIMEOUT_MS,
      } as pg.QueryConfig);
      return rows.rows[0]!.epoch;
    } catch (err) {
      // No term, no leading: the lock goes with the session.
      if (this.client === client) this.client = undefined;
      await client.end().catch(() => undefined);
      throw new StorageError("OPEN_FAILED", `leader election ${this.name}: cannot start a term: ${String(err)}`, { cause: err });
    }
  }

  private async check(client: pg.Client): Promise<void> {
    try {
      await client.query("SELECT 1");
    } catch (err) {
      this.lose(client, `heartbeat failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private lose(client: pg.Client, reason: string): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (!this.holding) return;
    this.stopHolding();
    this.emit("lost", reason);
  }

  private stopHolding(): void {
    this.holding = false;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
