import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { StorageError } from "@dnsteer/storage";
import pg from "pg";

const run = promisify(execFile);

/** A PostgreSQL cluster in a temporary folder, reached only through its unix socket there. */
export interface ThrowawayCluster {
  /** Folder of the socket, the data and the log. */
  readonly folder: string;
  readonly port: number;
  /** The server's process id (postmaster.pid). */
  readonly pid: number;
  /** A connection URL for a database of this cluster (default: postgres). */
  url(database?: string): string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server at once (-m immediate); the data survives until `remove`. */
  stop(): Promise<void>;
  /** Starts it again on the same folder and port. */
  start(): Promise<void>;
  /** Stops the server if it runs and deletes the folder. */
  remove(): Promise<void>;
}

/**
 * Debian's PostgreSQL binaries (/usr/lib/postgresql/N/bin, the highest N), for tests and
 * benchmarks: initdb refuses root, so as root the cluster belongs to the `postgres` user.
 */
export function findPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, "bin", "initdb"))) return join(root, v, "bin");
  throw new StorageError(
    "OPEN_FAILED",
    "no PostgreSQL binaries in /usr/lib/postgresql/*/bin: install Debian's postgresql (scripts/setup.sh --test)",
  );
}

/** initdb, then pg_ctl start with no TCP listener, fsync off (throwaway data), socket in the folder, a random port. */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const bin = findPostgresBin();
  const folder = mkdtempSync(join(tmpdir(), "dnsteer-pg-"));
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? postgresIds() : undefined;
  if (owner) chownSync(folder, owner.uid, owner.gid);
  const data = join(folder, "data");
  // The port only names the socket file (.s.PGSQL.<port>) in our own folder: no TCP, so no clash.
  const port = 20000 + Math.floor(Math.random() * 40000);
  const as = (cmd: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", cmd, ...args]) : run(cmd, args));
  try {
    await as(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  } catch (err) {
    rmSync(folder, { recursive: true, force: true });
    throw new StorageError("OPEN_FAILED", `initdb failed: ${String(err)}`, { cause: err });
  }
  // fsync off (throwaway data; an immediate stop keeps what reached the OS), but commits stay
  // synchronous: with synchronous_commit off a stop right after a commit loses it.
  const start = async () => {
    const opts = `-k ${folder} -p ${port} -c listen_addresses= -c fsync=off -c full_page_writes=off -c max_connections=200`;
    await as(join(bin, "pg_ctl"), ["-D", data, "-l", join(folder, "log"), "-w", "-o", opts, "start"]);
  };
  const stop = async () => {
    if (!existsSync(join(data, "postmaster.pid"))) return;
    const pid = postmasterPid(data);
    try {
      await as(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // pg_ctl could not stop it: end the server we started, by its own PID.
      if (pid !== undefined) process.kill(pid, "SIGQUIT");
    }
  };
  try {
    await start();
  } catch (err) {
    const log = existsSync(join(folder, "log")) ? readFileSync(join(folder, "log"), "utf8").slice(-2000) : "";
    rmSync(folder, { recursive: true, force: true });
    throw new StorageError("OPEN_FAILED", `PostgreSQL did not start: ${String(err)}\n${log}`, { cause: err });
  }
  const url = (database = "postgres") => `postgresql://postgres@localhost:${port}/${database}?host=${encodeURIComponent(folder)}`;
  return {
    folder,
    port,
    get pid() {
      return postmasterPid(data) ?? 0;
    },
    url,
    async createDatabase(name: string) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
    start,
    async remove() {
      await stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function postmasterPid(data: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) throw new StorageError("OPEN_FAILED", "running as root but there is no postgres user: install Debian's postgresql");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
