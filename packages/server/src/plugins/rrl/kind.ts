/** What a response is, for rate limiting: each kind has its own rate and its own buckets. */
export const ResponseKind = { ANSWER: 0, NXDOMAIN: 1, REFERRAL: 2, ERROR: 3 } as const;
export type ResponseKind = (typeof ResponseKind)[keyof typeof ResponseKind];

export const KIND_NAMES = ["answer", "nxdomain", "referral", "error"] as const;

/**
 * The kind of an encoded response, from its header alone: NXDOMAIN by RCODE; any other RCODE
 * an error; NOERROR without AA, without answers and with authority records a referral; else an
 * answer (NODATA included, as Knot counts it with answers of its name).
 */
export function responseKind(reply: Uint8Array): ResponseKind {
  const rcode = reply[3]! & 0x0f;
  if (rcode === 3) return ResponseKind.NXDOMAIN;
  if (rcode !== 0) return ResponseKind.ERROR;
  const aa = (reply[2]! & 0x04) !== 0;
  const ancount = (reply[6]! << 8) | reply[7]!;
  const nscount = (reply[8]! << 8) | reply[9]!;
  return !aa && ancount === 0 && nscount > 0 ? ResponseKind.REFERRAL : ResponseKind.ANSWER;
}
