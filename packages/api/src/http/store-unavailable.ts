/**
 * SQLite's answers that mean "the store cannot take this write now" rather than "the request
 * or the code is wrong": a full disk, a lock held too long, a failing disk, a read-only file.
 * The API answers them 503 with what to do, and DNS is not affected (the responder reads its
 * own copy of the data). better-sqlite3's SqliteError carries SQLite's extended code as `code`.
 */
const REASONS: ReadonlyArray<[RegExp, string]> = [
  [/^SQLITE_FULL/, "the disk under the data folder is full: free space there and retry"],
  [/^SQLITE_(BUSY|LOCKED)/, "the store is busy (another writer holds the lock): retry"],
  [/^SQLITE_IOERR/, "the disk under the data folder failed a read or write"],
  [/^SQLITE_(READONLY|CANTOPEN|PERM)/, "the store's file cannot be written (permissions or a read-only mount)"],
];

/** The 503 message for a store error, or undefined when `err` is something else. */
export function storeUnavailable(err: unknown): { code: string; message: string } | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== "string") continue;
    for (const [pattern, reason] of REASONS) {
      if (pattern.test(code))
        return { code, message: `the store cannot take writes now (${code}): ${reason}; DNS answers are not affected` };
    }
  }
  return undefined;
}
