import { z } from "zod";

/**
 * How a return path is probed: an ICMP echo, a TCP handshake (connect or half-open SYN), or a DNS
 * query over UDP to the resolver itself (any reply counts, REFUSED included), for resolvers that
 * drop ICMP and TCP. Each kind keeps its own aggregate: their RTTs have different baselines.
 */
export const probeKindSchema = z.enum(["icmp", "tcp", "dns"]);
export type ProbeKind = z.infer<typeof probeKindSchema>;
export const PROBE_KINDS: readonly ProbeKind[] = probeKindSchema.options;

export function isProbeKind(value: unknown): value is ProbeKind {
  return PROBE_KINDS.some((kind) => kind === value);
}
