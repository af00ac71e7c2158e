/**
 * Answers of more than one message (a zone transfer over TCP, RFC 5936 2.2): a handler returns
 * the first message as its Reply and registers the ones that follow it here; the TCP
 * connection writes them after the first, each framed on its own. Kept beside the Reply rather
 * than in its type so the one-message path (every other answer, and UDP) is unchanged.
 */
const following = new WeakMap<Buffer, readonly Buffer[]>();

export function replyWithFollowing(first: Buffer, rest: readonly Buffer[]): Buffer {
  if (rest.length > 0) following.set(first, rest);
  return first;
}

/** The messages that follow `reply` (none for an ordinary answer). */
export function followingMessages(reply: Buffer): readonly Buffer[] | undefined {
  return following.get(reply);
}
