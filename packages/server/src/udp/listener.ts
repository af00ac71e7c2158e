/** What each UDP socket of the responder counts, whichever transport runs it. */
export interface UdpListenerStats {
  received: number;
  answered: number;
  /** Queries or answers lost on our side: send queue full, query or answer longer than a slot. */
  dropped: number;
  sendErrors: number;
}

/** One bound UDP socket answering through the responder (batch addon or node:dgram). */
export interface UdpListener {
  readonly kind: "batch" | "dgram";
  readonly address: string;
  readonly port: number;
  stats(): UdpListenerStats;
  close(): void;
}
