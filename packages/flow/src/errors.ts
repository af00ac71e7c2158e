/** Fixed error codes of the flow package; `code` is stable, `message` is for people. */
export type FlowErrorCode =
  | "BAD_OPTIONS" // a constructor option out of range
  | "BAD_GROUP" // a name group outside [0, groups)
  | "BAD_KEY"; // a family other than 4/6 or a prefix length past the family's width

export class FlowError extends Error {
  override readonly name = "FlowError";
  constructor(
    readonly code: FlowErrorCode,
    message: string,
  ) {
    super(message);
  }
}
