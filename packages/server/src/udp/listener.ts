/** What each UDP socket of the responder counts, whichever transport runs it. */
export interface UdpListenerStats {
  received: number;
  answered: number;
  /** Queries or answers lost on our side: send queue full, query or answer longer than a slot. */
  dropped: number;
  sendErrors: number;
  /** Of `answered`, those the batch path's fast lane answered in place (fast-lane/); 0 on node:dgram. */
  fastLane: number;
}

/** One bound UDP socket answering through the responder (batch addon or node:dgram). */
export interface UdpListener {
  readonly kind: "batch" | "dgram";
  readonly address: string;
  readonly port: number;
  stats(): UdpListenerStats;
  close(): void;
}
