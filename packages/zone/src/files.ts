import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats, statSync } from "node:fs";
import { resolve } from "node:path";
import type { ZoneLimits } from "./limits.js";

/** Octets read so far for one zone (the zone file plus its includes), against the limits. */
export interface ReadBudget {
  limits: ZoneLimits;
  used: number;
}

/** Why a file was not read; the caller turns it into a ZoneError at the right file:line. */
export class FileRefused extends Error {
  constructor(
    readonly reason: "not-regular" | "too-large" | "unreadable",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Read a whole zone file as bytes (RFC 1035 text is octets, not UTF-8), if it is a regular file
 * within the size limits. Opened non-blocking, so a FIFO cannot hang the open; the type and
 * size come from the open descriptor (fstat), so a file swapped after a check cannot slip by.
 * Throws only FileRefused: every open, stat and read error is turned into one.
 */
export function readZoneBytes(path: string, budget: ReadBudget): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw refusedOpen(path, e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileRefused("not-regular", `is ${kind(st)}, not a regular file`);
    const { maxFileBytes, maxTotalBytes } = budget.limits;
    if (st.size > maxFileBytes) throw new FileRefused("too-large", `is ${st.size} octets, over the limit of ${maxFileBytes} per file`);
    if (budget.used + st.size > maxTotalBytes) {
      throw new FileRefused(
        "too-large",
        `would bring the zone to ${budget.used + st.size} octets, over the limit of ${maxTotalBytes} in all`,
      );
    }
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    // A file that grows while read is read up to the size checked above, never past it.
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    budget.used += got;
    return got === buf.length ? buf : buf.subarray(0, got);
  } catch (e) {
    if (e instanceof FileRefused) throw e;
    throw new FileRefused("unreadable", reasonOf(e));
  } finally {
    closeSync(fd);
  }
}

/** A socket cannot even be opened (ENXIO): say what it is rather than quote errno. */
function refusedOpen(path: string, e: unknown): FileRefused {
  try {
    const st = statSync(path);
    if (!st.isFile()) return new FileRefused("not-regular", `is ${kind(st)}, not a regular file`);
  } catch {
    // Fall through to the open error itself.
  }
  return new FileRefused("unreadable", reasonOf(e));
}

/** An I/O error's errno code (ENOENT, EINVAL, ...); the message only for an error without one (a failed allocation). */
function reasonOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** What a file that is not a regular one is, by its type bits (stat follows links, so these are all that remain on POSIX). */
const KINDS: Readonly<Record<number, string>> = {
  [constants.S_IFDIR]: "a directory",
  [constants.S_IFIFO]: "a FIFO",
  [constants.S_IFCHR]: "a character device",
  [constants.S_IFBLK]: "a block device",
  [constants.S_IFSOCK]: "a socket",
};

function kind(st: Stats): string {
  return KINDS[st.mode & constants.S_IFMT]!;
}

/** The real path of a file (symbolic links resolved), or undefined when nothing is there or it cannot be resolved. */
export function existingRealPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** The real path of a folder, or the folder as given when it does not exist (it then allows nothing). */
export function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}
