/**
 * Steered answers counted per provider and answered type (A, AAAA), for /metrics and the
 * per-minute answer history: one Float64Array cell incremented per answer on the query path (no
 * allocation, no label lookup). Cells: provider index * 2 + (A ? 0 : 1); the last pair counts
 * answers the zone's own records gave (no provider chosen, or none with an address of the type).
 * Only ever grows; readers take differences.
 */
export class SteeredAnswerCounts {
  readonly counts: Float64Array;
  /** Index of the "zone records" pair: the number of providers. */
  readonly zoneSlot: number;

  /** `providers`: the names in the decision map's order (the steering view's `providers`). */
  constructor(readonly providers: readonly string[]) {
    this.zoneSlot = providers.length;
    this.counts = new Float64Array((providers.length + 1) * 2);
  }

  /** Count one answer: `provider` index, or -1 (or out of range) for the zone's records; `a`: A, else AAAA. */
  count(provider: number, a: boolean): void {
    const slot = provider >= 0 && provider < this.zoneSlot ? provider : this.zoneSlot;
    this.counts[slot * 2 + (a ? 0 : 1)]!++;
  }

  /** Answers of `provider` (index; `zoneSlot` for the zone's records) of type A or AAAA so far. */
  of(provider: number, a: boolean): number {
    return this.counts[provider * 2 + (a ? 0 : 1)]!;
  }
}
