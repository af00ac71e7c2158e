import type { ProbeKind } from "@dnsteer/probe";

/**
 * Which probe kind to use for one (target, provider) path, and which losses are the path's.
 *
 * Starts with the preferred kind; after `k` consecutive losses it tries the other kind once. If
 * that answers, the path switches to it (a resolver that drops ICMP is then measured by TCP, and
 * vice versa); if both lose, the path keeps its kind and records the losses, which is what a dead
 * link should look like.
 *
 * A loss of a kind that has never answered on this path, while another kind could still answer,
 * says nothing about the path yet: the resolver may just drop that kind. Such losses are held:
 * dropped when another kind answers (the kind is silent, the path is fine), recorded when every
 * kind has lost since the last reply or when the same kind answers later (they were the path's). Recorded at once, they
 * made an ICMP-silent resolver's path look dead until its TCP fallback, failing its source (and
 * at times its /24) over to another provider (issue 9, F3).
 */
export class KindChooser {
  private mode: ProbeKind;
  /** Consecutive losses per kind. */
  private readonly losses: Partial<Record<ProbeKind, number>> = {};
  /** Kinds that have answered on this path at least once. */
  private readonly answered: Partial<Record<ProbeKind, true>> = {};
  /** Losses held back (see above), per kind. */
  private held: Partial<Record<ProbeKind, number>> = {};
  /** Kinds that lost since the last reply. */
  private lostSinceReply: Partial<Record<ProbeKind, true>> = {};
  /** Every kind lost since the last reply: nothing answers on the path, every loss is its. */
  private silentAll = false;
  /** Which other kind the next trial tries, as an offset from the current kind in `kinds`. */
  private trial = 1;

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

  /**
   * With three kinds (icmp, tcp, dns) the trials take turns: after a failed trial of one, the next
   * trial is of the one after it, so a resolver that drops ICMP and TCP is found by DNS.
   */
  next(): ProbeKind {
    if (this.kinds.length < 2 || (this.losses[this.mode] ?? 0) < this.k) return this.mode;
    return this.trialKind();
  }

  /** The kind the next trial is of. */
  private trialKind(): ProbeKind {
    const at = this.kinds.indexOf(this.mode);
    return this.kinds[(at + this.trial) % this.kinds.length]!;
  }

  /**
   * Feeds one result back; returns how many losses to record for the path now (held ones
   * released, plus this one). `certain`: the loss is the path's whatever the kind (the send itself
   * failed: the provider's source or device is gone).
   */
  report(kind: ProbeKind, replied: boolean, certain = false): number {
    if (replied) {
      // Held losses of the kind that answered were the path's; the others' were kind silence.
      const release = this.held[kind] ?? 0;
      this.held = {};
      this.lostSinceReply = {};
      this.silentAll = false;
      this.answered[kind] = true;
      this.losses[kind] = 0;
      this.mode = kind;
      this.trial = 1;
      return release;
    }
    this.losses[kind] = (this.losses[kind] ?? 0) + 1;
    // A failed trial: give the current kind another k attempts before the next trial. Only the
    // trial now due moves the turn on: when probes overlap (a timeout as long as the interval),
    // the same trial is sent twice, and its second loss must not turn the rotation back to it
    // (a resolver answering only DNS was then tried by TCP for ever).
    if (kind !== this.mode && kind === this.trialKind()) {
      this.losses[this.mode] = 0;
      this.trial = (this.trial % (this.kinds.length - 1)) + 1;
    }
    this.lostSinceReply[kind] = true;
    if (certain || this.silentAll || this.answered[kind] === true || this.kinds.length < 2) return this.releaseWith(1);
    if (this.kinds.every((k) => this.lostSinceReply[k] === true)) {
      this.silentAll = true;
      return this.releaseWith(1);
    }
    this.held[kind] = (this.held[kind] ?? 0) + 1;
    return 0;
  }

  private releaseWith(n: number): number {
    let out = n;
    for (const k of this.kinds) out += this.held[k] ?? 0;
    this.held = {};
    return out;
  }
}
