import type { ProbeKind } from "@dnsteer/model";

export type { ProbeKind };

/** Where to probe. `port` matters only to TCP (default from the prober's options). */
export interface ProbeTarget {
  address: string;
  port?: number;
}

/** The provider a probe leaves from: its source address per family decides the return path. */
export interface ProbeSource {
  name: string;
  sourceV4?: string | null;
  sourceV6?: string | null;
  /**
   * The provider's link (interface name), optional. When set, ICMP leaves through a raw socket
   * bound to it (SO_BINDTODEVICE): with IP_HDRINCL the kernel routes by the socket, not by the
   * header's source, so source-based policy routing alone does not pick the provider (README).
   * IPv4 TCP from a provider with a device is a raw SYN probe on a socket bound to it (same reason);
   * without a device TCP uses net.connect (localAddress binds the source, the kernel routes by it).
   */
  device?: string | null;
}

export type LossReason = "timeout" | "unreachable" | "send-failed" | "busy" | "closed";

/**
 * A reply (with round-trip time in microseconds, hrtime based) or a loss. `refused` marks a TCP RST:
 * the path answered, so it is a reply with an RTT. Misconfiguration (non-local source, no source for
 * the family) is not a loss: probe() rejects with a ProbeError instead. A loss that came with an
 * error from the kernel (a failed send, an unreachable connect) carries its errno name in `error`
 * ("ENETUNREACH"): the caller tells a provider that cannot send from a path that does not answer.
 */
export type ProbeResult = { rttUs: number; refused?: boolean } | ProbeLoss;
export interface ProbeLoss {
  lost: true;
  reason: LossReason;
  error?: string;
}

export interface Prober {
  readonly kind: ProbeKind;
  probe(target: ProbeTarget, source: ProbeSource): Promise<ProbeResult>;
  /** Resolves every pending probe as lost ("closed") and releases sockets. */
  close(): void;
}

export function isLoss(r: ProbeResult): r is ProbeLoss {
  return "lost" in r;
}
