/** Fixed error codes of the storage package; `code` is stable, `message` is for people. */
export type StorageErrorCode =
  | "OPEN_FAILED" // the file could not be opened or configured
  | "MIGRATION_FAILED" // a migration threw; its transaction was rolled back
  | "SCHEMA_TOO_NEW" // the file was written by a newer dnsteer (user_version above ours)
  | "BAD_INPUT" // a value that does not fit the schema (address, family, kind, ...)
  | "UNKNOWN_PROVIDER" // a decision or drain names a provider that is not in the table
  | "CORRUPT_ROW" // a stored row does not read back as its type (an older layout, a hand edit)
  | "UNREACHABLE" // a shared database did not answer in time, or its connection was lost mid-query
  | "FENCED"; // a decisions write from a deposed leader: a newer one was elected since (nothing written)

export class StorageError extends Error {
  override readonly name = "StorageError";
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
