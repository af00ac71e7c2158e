import type { SteeringView } from "./view.js";

/** Slot of the answers the zone's own records gave (no provider chosen, or none with an address of the type). */
export const ZONE_RECORDS_SLOT = 0;

/**
 * Steered answers counted per provider and answered type (A, AAAA), for /metrics and the
 * per-minute answer history: one Float64Array cell incremented per answer on the query path (no
 * allocation, no label lookup). Cells: slot * 2 + (A ? 0 : 1); slot 0 is the zone's own
 * records, slot i + 1 the provider `names[i]`. Counted by provider name, not by the view's
 * index: a refresh or reload may bring a view whose providers differ (one added through the
 * API); the handler's index is mapped once per view (a pointer compare per query), and a name
 * not seen before gets the next slot (`counts` is then replaced by a longer copy). Only ever
 * grows (an extra UDP thread zeroes its own after reporting them); readers take differences.
 */
export class SteeredAnswerCounts {
  /** Provider names by slot - 1, in the order given, then first counted. */
  readonly names: string[] = [];
  counts: Float64Array;
  private view: SteeringView | undefined;
  /** The current view's provider index -> slot. */
  private slots = new Int32Array(0);

  constructor(providers: readonly string[] = []) {
    this.counts = new Float64Array((providers.length + 1) * 2);
    for (const name of providers) this.slotOf(name);
  }

  /** The provider names (`names`), for code written against the earlier index-based counter. */
  get providers(): readonly string[] {
    return this.names;
  }

  /** Count one answer: the view's `provider` index, or -1 for the zone's records; `a`: A, else AAAA. */
  count(view: SteeringView, provider: number, a: boolean): void {
    if (view !== this.view) this.follow(view);
    const slot = provider >= 0 && provider < this.slots.length ? this.slots[provider]! : ZONE_RECORDS_SLOT;
    this.counts[slot * 2 + (a ? 0 : 1)]!++;
  }

  /** Answers so far of `slot` (0: the zone's records; i + 1: `names[i]`), type A or AAAA. */
  of(slot: number, a: boolean): number {
    return this.counts[slot * 2 + (a ? 0 : 1)] ?? 0;
  }

  /** A new view: map its provider indices to slots (once per view, not per query). */
  private follow(view: SteeringView): void {
    this.view = view;
    this.slots = Int32Array.from(view.providers, (p) => this.slotOf(p.name));
  }

  private slotOf(name: string): number {
    const known = this.names.indexOf(name);
    if (known >= 0) return known + 1;
    this.names.push(name);
    const needed = (this.names.length + 1) * 2;
    if (this.counts.length < needed) {
      const grown = new Float64Array(needed);
      grown.set(this.counts);
      this.counts = grown;
    }
    return this.names.length;
  }
}
