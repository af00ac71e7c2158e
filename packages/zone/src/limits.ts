/**
 * What loading one zone may read. A zone file is configuration an operator wrote, but a typo in
 * an `$INCLUDE` (or a hostile file) must not read a device, hang on a FIFO or exhaust memory.
 */
export interface ZoneLimits {
  /** Largest single file (the zone file or one included file), in octets. */
  maxFileBytes: number;
  /** Largest sum over the zone file and every file it includes (each time it is included). */
  maxTotalBytes: number;
  /** Deepest `$INCLUDE` nesting (the zone file itself is level 0). */
  maxIncludeDepth: number;
}

const MiB = 1024 * 1024;

/**
 * 512 MiB in all: several times the largest zones run in practice (a 1M-record zone is ~25 MiB)
 * and well under what parsing that much would cost in memory anyway.
 */
export const DEFAULT_ZONE_LIMITS: Readonly<ZoneLimits> = Object.freeze({
  maxFileBytes: 256 * MiB,
  maxTotalBytes: 512 * MiB,
  maxIncludeDepth: 16,
});

export function zoneLimits(given?: Partial<ZoneLimits>): ZoneLimits {
  return { ...DEFAULT_ZONE_LIMITS, ...given };
}
