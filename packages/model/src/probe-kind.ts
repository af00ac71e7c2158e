import { z } from "zod";

/** How a return path is probed: an ICMP echo, or a TCP handshake (connect or half-open SYN). */
export const probeKindSchema = z.enum(["icmp", "tcp"]);
export type ProbeKind = z.infer<typeof probeKindSchema>;
export const PROBE_KINDS: readonly ProbeKind[] = probeKindSchema.options;

export function isProbeKind(value: unknown): value is ProbeKind {
  return PROBE_KINDS.some((kind) => kind === value);
}
