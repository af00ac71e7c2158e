import type { ProbeKind } from "@dnsteer/probe";

/**
 * Which probe kind to use for one (target, provider) path. Starts with the preferred kind; after
 * `k` consecutive losses it tries the other kind once. If that answers, the path switches to it
 * (a resolver that drops ICMP is then measured by TCP, and vice versa); if both lose, the path
 * keeps its kind and records the losses, which is what a dead link should look like.
 */
export class KindChooser {
  private mode: ProbeKind;
  private readonly losses = { icmp: 0, tcp: 0 };

  constructor(
    private readonly kinds: readonly ProbeKind[],
    private readonly k: number,
  ) {
    if (kinds.length === 0) throw new Error("KindChooser needs at least one kind");
    this.mode = kinds[0]!;
  }

  get current(): ProbeKind {
    return this.mode;
  }

  next(): ProbeKind {
    const other = this.kinds.find((kind) => kind !== this.mode);
    return other !== undefined && this.losses[this.mode] >= this.k ? other : this.mode;
  }

  report(kind: ProbeKind, replied: boolean): void {
    if (replied) {
      this.losses[kind] = 0;
      this.mode = kind;
      return;
    }
    this.losses[kind] += 1;
    // A failed trial: give the current kind another k attempts before the next trial.
    if (kind !== this.mode) this.losses[this.mode] = 0;
  }
}
