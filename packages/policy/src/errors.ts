/** Fixed error codes of the policy package; `code` is stable, `message` is for people. */
export type PolicyErrorCode =
  | "BAD_CONFIG" // a config value out of range
  | "NO_PROVIDERS" // evaluate needs at least one provider
  | "DUPLICATE_PROVIDER" // two providers share a name
  | "UNKNOWN_PROVIDER"; // the config names a provider that is not in the list

export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    readonly code: PolicyErrorCode,
    message: string,
  ) {
    super(message);
  }
}
