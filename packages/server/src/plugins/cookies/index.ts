import { parseScopedAddressInto } from "@dnsteer/net";
import { type Cookie, encodeBareResponse, Rcode, type ResponseEdns } from "@dnsteer/wire";
import type { CookieSettings } from "../../core/cookie-settings.js";
import type { Handler, Peer, QueryContext, Reply } from "../../core/handler.js";
import type { ProblemReplyCookie } from "../../core/responder.js";
import { CookieSecrets } from "./secrets.js";
import { cookieAge, inWindow, madeWith, RENEW_AFTER_SECONDS, writeServerCookie } from "./server-cookie.js";

/** What `stamp` found (plain numbers: no allocation per query). */
const NO_ADDRESS = 0;
const NOT_VALID = 1;
const VALID = 2;
type CookieVerdict = typeof NO_ADDRESS | typeof NOT_VALID | typeof VALID;

/** What the cookies plugin has seen since start. */
export interface CookieStats {
  /** Queries with a client cookie only. */
  clientOnly: number;
  /** With a server cookie we made for that client within the window. */
  valid: number;
  /** With a server cookie that is not (another secret, another address, too old, garbled). */
  invalid: number;
  /** Answered BADCOOKIE (with `requireForUdp`). */
  badCookie: number;
}

/**
 * DNS Cookies (RFC 7873) with RFC 9018 server cookies. One per chain: the secrets, the
 * counters, and the buffers a query's cookie is built in (reused: a reply is encoded before
 * the next query is read, so nothing is allocated per query).
 */
export class DnsCookies {
  readonly stats: CookieStats = { clientOnly: 0, valid: 0, invalid: 0, badCookie: 0 };
  private readonly secrets = new CookieSecrets();
  private readonly parsed = new Uint8Array(16);
  private readonly v4 = this.parsed.subarray(0, 4);
  private readonly v6 = this.parsed.subarray(0, 16);
  /** The COOKIE option of the reply: the client's cookie and our server cookie. */
  private readonly option = new Uint8Array(24);
  private readonly now: () => number;

  /** `now`: the clock in milliseconds (tests). */
  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Check the query's cookie and put ours in the reply's OPT; set `ctx.serverCookieValid`.
   * Returns the BADCOOKIE reply when one is due, else undefined (answer as usual).
   */
  process(ctx: QueryContext, cookie: Cookie): Reply | undefined {
    const settings = ctx.snapshot.settings.cookies;
    const verdict = this.stamp(settings, ctx.remote.address, cookie, ctx.edns!);
    if (verdict === NO_ADDRESS) return undefined; // not an address we can bind a cookie to
    const valid = verdict === VALID;
    ctx.serverCookieValid = valid;
    // RFC 7873 5.2.3/5.2.4: without a valid server cookie the query is answered as usual,
    // unless policy asks for one over UDP: then BADCOOKIE with a fresh cookie, no answer.
    if (valid || !settings.requireForUdp || ctx.transport !== "udp") return undefined;
    this.stats.badCookie++;
    const edns = { ...ctx.edns!, extendedRcode: Rcode.BADCOOKIE >> 4, clientSubnet: undefined, nsid: undefined, extendedError: undefined };
    return encodeBareResponse(ctx.msg, ctx.query.questionEnd, Rcode.BADCOOKIE & 0xf, true, edns);
  }

  /**
   * The same for a reply the pre-parser made (FORMERR, NOTIMP) to a query whose OPT parsed
   * whole: our cookie goes in `edns` exactly as for an answer. Whether the query's server
   * cookie was valid (then RRL leaves the reply alone). Never BADCOOKIE: the error is the answer.
   */
  processProblem(settings: CookieSettings, remote: Peer, cookie: Cookie, edns: ResponseEdns): boolean {
    return settings.enabled && this.stamp(settings, remote.address, cookie, edns) === VALID;
  }

  /** Check `cookie` from `address`, count it, and write the reply's COOKIE option into `edns`. */
  private stamp(settings: CookieSettings, remoteAddress: string, cookie: Cookie, edns: ResponseEdns): CookieVerdict {
    const now = Math.floor(this.now() / 1000);
    this.secrets.update(settings, now);
    const address = this.clientAddress(remoteAddress);
    if (address === undefined) return NO_ADDRESS;
    const keys = this.secrets.keys;
    const server = cookie.server;
    let valid = false;
    let reuse = false;
    if (server !== undefined) {
      const age = cookieAge(server, now);
      if (inWindow(age)) {
        for (let i = 0; i < keys.length; i++) {
          if (madeWith(keys[i]!, cookie.client, server, address)) {
            valid = true;
            // Ours, current secret, not half an hour old: send it back as it is (RFC 9018 4.3).
            reuse = i === 0 && age >= 0 && age < RENEW_AFTER_SECONDS && server[1] === 0 && server[2] === 0 && server[3] === 0;
            break;
          }
        }
      }
      if (valid) this.stats.valid++;
      else this.stats.invalid++;
    } else {
      this.stats.clientOnly++;
    }
    const option = this.option;
    option.set(cookie.client, 0);
    if (reuse) option.set(server!, 8);
    else writeServerCookie(keys[0]!, cookie.client, address, now, option, 8);
    edns.cookie = option;
    return valid ? VALID : NOT_VALID;
  }

  /** The client's address as the octets the hash takes (an IPv4-mapped IPv6 address as IPv4). */
  private clientAddress(text: string): Uint8Array | undefined {
    const b = this.parsed;
    const family = parseScopedAddressInto(text, b);
    if (family === 4) return this.v4;
    if (family !== 6) return undefined;
    for (let i = 0; i < 10; i++) if (b[i] !== 0) return this.v6;
    if (b[10] !== 0xff || b[11] !== 0xff) return this.v6;
    b.copyWithin(0, 12, 16);
    return this.v4;
  }
}

/**
 * The cookies handler: right after rate limiting, which reads `ctx.serverCookieValid` on the
 * way back, and before every handler that answers, so each reply carries our cookie. A query
 * without a COOKIE option passes untouched (RFC 7873 5.2.1); one with a malformed option never
 * gets here (FORMERR from the pre-parser, 5.2.2).
 */
export function cookies(jar: DnsCookies = new DnsCookies()): Handler {
  return (ctx, next) => {
    const cookie = ctx.query.edns?.cookie;
    if (cookie === undefined || ctx.edns === undefined || !ctx.snapshot.settings.cookies.enabled) return next(ctx);
    return jar.process(ctx, cookie) ?? next(ctx);
  };
}

/**
 * Cookies for the pre-parser's own replies (FORMERR, NOTIMP), for `createResponder`'s
 * `cookieProblem`: the same jar, so the same secrets and counters as the chain's handler.
 */
export function cookiesForProblemReplies(jar: DnsCookies): ProblemReplyCookie {
  return (cookie, edns, remote, snapshot) => jar.processProblem(snapshot.settings.cookies, remote, cookie, edns);
}
