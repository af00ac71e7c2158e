/**
 * The k best (rate, queries) pairs seen, as a binary min-heap in typed arrays: a full scan of a
 * 1M-source table keeps only `k` candidates and rejects most entries with one comparison against
 * the heap's minimum, instead of building and sorting an object per source.
 */
export class TopK {
  readonly #slot: Int32Array;
  readonly #rate: Float64Array;
  readonly #queries: Float64Array;
  #size = 0;

  constructor(readonly k: number) {
    this.#slot = new Int32Array(k);
    this.#rate = new Float64Array(k);
    this.#queries = new Float64Array(k);
  }

  /** Would (rate, queries) enter the heap? Cheap pre-check before computing `queries`. */
  admits(rate: number): boolean {
    return this.k > 0 && (this.#size < this.k || rate >= this.#rate[0]!);
  }

  offer(slot: number, rate: number, queries: number): void {
    if (this.#size < this.k) {
      this.#put(this.#size, slot, rate, queries);
      this.#up(this.#size++);
    } else if (worse(this.#rate[0]!, this.#queries[0]!, rate, queries)) {
      this.#put(0, slot, rate, queries);
      this.#down(0);
    }
  }

  /** Slots, best first (rate descending, then queries descending). */
  sorted(): number[] {
    const order = Array.from({ length: this.#size }, (_, i) => i);
    order.sort((a, b) => this.#rate[b]! - this.#rate[a]! || this.#queries[b]! - this.#queries[a]!);
    return order.map((i) => this.#slot[i]!);
  }

  #worse(i: number, j: number): boolean {
    return worse(this.#rate[i]!, this.#queries[i]!, this.#rate[j]!, this.#queries[j]!);
  }

  #put(i: number, slot: number, rate: number, queries: number): void {
    this.#slot[i] = slot;
    this.#rate[i] = rate;
    this.#queries[i] = queries;
  }

  #swap(i: number, j: number): void {
    const [s, r, q] = [this.#slot[i]!, this.#rate[i]!, this.#queries[i]!];
    this.#put(i, this.#slot[j]!, this.#rate[j]!, this.#queries[j]!);
    this.#put(j, s, r, q);
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#worse(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    for (;;) {
      let least = i;
      const left = 2 * i + 1;
      if (left < this.#size && this.#worse(left, least)) least = left;
      if (left + 1 < this.#size && this.#worse(left + 1, least)) least = left + 1;
      if (least === i) return;
      this.#swap(i, least);
      i = least;
    }
  }
}

function worse(rateA: number, queriesA: number, rateB: number, queriesB: number): boolean {
  return rateA < rateB || (rateA === rateB && queriesA < queriesB);
}
