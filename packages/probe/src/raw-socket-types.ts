/** What a raw socket for probes offers, whichever side opened it (raw-icmp.ts: the addon or raw-socket). */
export interface RawIcmp {
  /** `sent` gets the send time, or the error sendto() gave (then the time is 0). */
  send(packet: Buffer, address: string, sent: (err: Error | null, sentUs: number) => void): void;
  close(): void;
  /** True for the addon's socket: replies are stamped by the kernel as they arrive. */
  readonly kernelTimestamps: boolean;
  /** Replies read, and how many of them carried the kernel's receive time. */
  stats(): { received: number; kernelStamped: number };
}

/** `buf` is reused after the call: parse it synchronously. `from` is the sender's text for IPv6 (IPv4: read the header). */
export type OnPacket = (buf: Buffer, rxUs: number, from: string) => void;
