/** What a failed command exits with: scripts can tell a refused change from a down server. */
export const EXIT = {
  ok: 0,
  /** The operation ran and said no (a zone rejected, a check failed, not found). */
  failed: 1,
  /** Bad usage, a bad config or a startup error (address in use, not on this host). */
  usage: 2,
  /** The admin API could not be reached. */
  unreachable: 3,
  /** The admin API refused the key (401/403/429). */
  denied: 4,
} as const;

export type CliErrorCode = "USAGE" | "FAILED" | "STARTUP" | "API_UNREACHABLE" | "API_DENIED" | "API_ERROR";

const EXIT_OF: Record<CliErrorCode, number> = {
  USAGE: EXIT.usage,
  FAILED: EXIT.failed,
  STARTUP: EXIT.usage,
  API_UNREACHABLE: EXIT.unreachable,
  API_DENIED: EXIT.denied,
  API_ERROR: EXIT.failed,
};

/** The app's one error class: a message fit for one line and the exit code it means. */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: number;
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
    this.exitCode = EXIT_OF[code];
  }
}
