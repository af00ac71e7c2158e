import { type Family, formatAddress, type Prefix, parsePrefix, prefixContains } from "@dnsteer/net";
import { encodeBareResponse } from "@dnsteer/wire";
import type { Handler, Peer, QueryContext, Reply } from "../../core/handler.js";
import type { ProblemReplyLimit } from "../../core/responder.js";
import type { RrlSettings } from "../../core/settings.js";
import { SourcePrefix, sourcePrefixOf } from "../../core/source-prefix.js";
import { hashKey, keyHash } from "./key.js";
import { KIND_NAMES, ResponseKind, responseKind } from "./kind.js";
import { RateTable } from "./table.js";

/** What rate limiting has done since start. */
export interface RrlStats {
  /** UDP responses checked (exempt sources and valid server cookies are not). */
  checked: number;
  /** Over the rate (in log-only mode these were still sent). */
  limited: number;
  dropped: number;
  /** Sent as an empty TC=1 reply instead. */
  slipped: number;
}

/** A source starts being limited (reported at most LOGS_PER_SECOND times a second). */
export interface RrlEvent {
  prefix: string;
  kind: (typeof KIND_NAMES)[number];
  logOnly: boolean;
}

const LOGS_PER_SECOND = 10;

/** What to do with one limited response (plain numbers: no allocation per query). */
const SEND = 0;
const SLIP = 1;
const DROP = 2;
type Verdict = typeof SEND | typeof SLIP | typeof DROP;

/**
 * Response rate limiting (BIND's RRL, Knot's mod-rrl) on UDP responses: see `RrlSettings` and
 * README.md. One per chain; its table is fixed-size typed arrays, so memory does not grow with
 * the number of sources and a response allocates nothing unless it is slipped.
 */
export class ResponseRateLimiter {
  readonly stats: RrlStats = { checked: 0, limited: 0, dropped: 0, slipped: 0 };
  private settings: RrlSettings | undefined;
  private table: RateTable | undefined;
  private exempt: Prefix[] = [];
  private readonly source = new SourcePrefix();
  private readonly address: { family: Family; bytes: Uint8Array } = { family: 4, bytes: this.source.bytes };
  private logSecond = 0;
  private logsThisSecond = 0;

  private readonly onLimit: ((event: RrlEvent) => void) | undefined;
  private readonly now: () => number;

  /** `onLimit` hears when a source starts being limited (a log line); `now` is the clock (tests). */
  constructor(options: { onLimit?: (event: RrlEvent) => void; now?: () => number } = {}) {
    this.onLimit = options.onLimit;
    this.now = options.now ?? Date.now;
  }

  /** The reply to send in place of `reply`: itself, null (dropped) or a TC=1 slip. */
  check(ctx: QueryContext, reply: Buffer): Reply {
    const s = ctx.snapshot.settings.rrl;
    if (s !== this.settings) this.configure(s);
    const source = this.source;
    if (!sourcePrefixOf(ctx.remote.address, s.prefix, source) || this.isExempt()) return reply;
    this.stats.checked++;
    const kind = responseKind(reply);
    const rate =
      kind === ResponseKind.ANSWER
        ? s.responsesPerSecond
        : kind === ResponseKind.NXDOMAIN
          ? s.nxdomainsPerSecond
          : kind === ResponseKind.REFERRAL
            ? s.referralsPerSecond
            : s.errorsPerSecond;
    hashKey(source, kind, ctx.query.key, ctx.query.qtype);
    const verdict = this.charge(kind, rate, s);
    return verdict === SEND ? reply : verdict === SLIP ? slipOf(ctx, reply) : null;
  }

  /**
   * The same for a reply the pre-parser made (FORMERR, NOTIMP): it never reaches the chain, yet
   * a spoofed source can ask for it as for any other reply, so it is charged to the source's
   * error bucket as BIND does. Its slip is the reply itself with TC=1 (it is already bare).
   */
  checkProblem(s: RrlSettings, remote: Peer, reply: Buffer): Reply {
    if (s !== this.settings) this.configure(s);
    if (!sourcePrefixOf(remote.address, s.prefix, this.source) || this.isExempt()) return reply;
    this.stats.checked++;
    hashKey(this.source, ResponseKind.ERROR, "", 0);
    const verdict = this.charge(ResponseKind.ERROR, s.errorsPerSecond, s);
    if (verdict === SEND) return reply;
    if (verdict === DROP) return null;
    const slip = Buffer.from(reply);
    slip[2]! |= 0x02; // TC
    return slip;
  }

  /** Charge the bucket in `keyHash`: send, slip or drop, counted and reported. */
  private charge(kind: ResponseKind, rate: number, s: RrlSettings): Verdict {
    const now = this.now();
    const limitedSoFar = this.table!.charge(keyHash[0]!, keyHash[1]!, now, rate, s.windowSeconds);
    if (limitedSoFar === 0) return SEND;
    this.stats.limited++;
    if (limitedSoFar === 1) this.report(kind, s.logOnly, now);
    if (s.logOnly) return SEND;
    if (s.slip > 0 && limitedSoFar % s.slip === 0) {
      this.stats.slipped++;
      return SLIP;
    }
    this.stats.dropped++;
    return DROP;
  }

  private configure(s: RrlSettings): void {
    if (this.table?.size !== s.tableSize) this.table = new RateTable(s.tableSize);
    this.exempt = s.exempt.map((p) => parsePrefix(p));
    this.settings = s;
  }

  private isExempt(): boolean {
    const exempt = this.exempt;
    if (exempt.length === 0) return false;
    this.address.family = this.source.family as Family;
    for (let i = 0; i < exempt.length; i++) if (prefixContains(exempt[i]!, this.address)) return true;
    return false;
  }

  private report(kind: ResponseKind, logOnly: boolean, now: number): void {
    if (!this.onLimit) return;
    const second = Math.floor(now / 1000);
    if (second !== this.logSecond) {
      this.logSecond = second;
      this.logsThisSecond = 0;
    }
    if (++this.logsThisSecond > LOGS_PER_SECOND) return;
    this.onLimit({ prefix: prefixText(this.source, this.settings!), kind: KIND_NAMES[kind], logOnly });
  }
}

/** The empty truncated reply of a slip: header (TC=1, the response's RCODE), question and OPT. */
function slipOf(ctx: QueryContext, reply: Buffer): Buffer {
  const out = encodeBareResponse(ctx.msg, ctx.query.questionEnd, reply[3]! & 0x0f, true, ctx.edns);
  out[2]! |= 0x02; // TC
  return out;
}

/** "192.0.2.0/24", "2001:db8:aa::/56": the limited source, for the log. */
function prefixText(p: SourcePrefix, s: RrlSettings): string {
  const bytes = new Uint8Array(p.family === 4 ? 4 : 16);
  const words = [p.hi, p.lo];
  for (let i = 0; i < Math.min(bytes.length, 8); i++) bytes[i] = (words[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
  return `${formatAddress(bytes)}/${p.family === 4 ? s.prefix.v4 : s.prefix.v6}`;
}

/**
 * The rate limiting handler: first in the chain, so it sees the finished response, as BIND and
 * Knot limit responses rather than queries. UDP only (TCP cannot be spoofed); a query with a
 * valid server cookie (set by the cookies plugin, after this one) is not limited either.
 */
export function rrl(limiter: ResponseRateLimiter = new ResponseRateLimiter()): Handler {
  return (ctx, next) => {
    const reply = next(ctx);
    if (reply === null || ctx.transport !== "udp" || ctx.serverCookieValid || !ctx.snapshot.settings.rrl.enabled) return reply;
    return limiter.check(ctx, reply);
  };
}

/**
 * RRL for the pre-parser's own replies (FORMERR, NOTIMP), for `createResponder`'s
 * `limitProblem`: UDP only and only when RRL is on, as for every other reply.
 */
export function rrlForProblemReplies(limiter: ResponseRateLimiter): ProblemReplyLimit {
  return (reply, transport, remote, snapshot) => {
    const s = snapshot.settings.rrl;
    return transport !== "udp" || !s.enabled ? reply : limiter.checkProblem(s, remote, reply);
  };
}
