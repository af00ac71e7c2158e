import { parseScopedAddressInto } from "@dnsteer/net";
import { type Cookie, encodeBareResponse, Rcode, type ResponseEdns } from "@dnsteer/wire";
import type { CookieSettings } from "../../core/cookie-settings.js";
import type { Handler, Peer, QueryContext, Reply } from "../../core/handler.js";
import type { ProblemReplyCookie } from "../../core/responder.js";
import { CookieSecrets } from "./secrets.js";
import { cookieAge, inWindow, madeWith, RENEW_AFTER_SECONDS, writeServerCookie } from "./server-cookie.js";

/**
 * Seconds since the epoch for every cookie check, set ten times a second by one unref'd timer:
 * Date.now() makes a new heap number at each call (16 octets a query on the batch path's fast
 * lane, which allocates nothing else); this value is made once per tick and only read. Cookie
 * timestamps are seconds and their windows minutes, so a value up to 0.1 s old changes nothing.
 */
let clockSeconds = Math.floor(Date.now() / 1000);
let clockTimer: NodeJS.Timeout | undefined;
function startSecondsClock(): void {
  if (clockTimer !== undefined) return;
  clockSeconds = Math.floor(Date.now() / 1000);
  clockTimer = setInterval(() => {
    clockSeconds = Math.floor(Date.now() / 1000);
  }, 100);
  clockTimer.unref();
}

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
  /** stampWire's copies of a query's cookie: the client part, and a view per server part length (8-32). */
  private readonly wireClient = new Uint8Array(8);
  private readonly wireServer = new Uint8Array(32);
  private readonly wireServerOf = Array.from({ length: 33 }, (_, n) => this.wireServer.subarray(0, n));
  /** A test's clock (milliseconds); undefined: the process's seconds clock below. */
  private readonly clock: (() => number) | undefined;

  /** `now`: the clock in milliseconds (tests). */
  constructor(options: { now?: () => number } = {}) {
    this.clock = options.now;
    if (this.clock === undefined) startSecondsClock();
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

  /**
   * The batch path's fast lane (fast-lane/): the same check and count for a query's COOKIE
   * option read in place — bytes[at, at + length), 8 or 16 to 40 octets as the pre-parse
   * allows — from a `family` source whose address octets are at source[offset]. Nothing is
   * allocated. Returns whether the server cookie was valid; the reply's option (the client's
   * cookie and ours, 24 octets) is `replyOption` until the next call.
   */
  stampWire(
    settings: CookieSettings,
    bytes: Uint8Array,
    at: number,
    length: number,
    family: 4 | 6,
    source: Uint8Array,
    offset: number,
  ): boolean {
    const client = this.wireClient;
    for (let i = 0; i < 8; i++) client[i] = bytes[at + i]!;
    let server: Uint8Array | undefined;
    if (length > 8) {
      server = this.wireServerOf[length - 8]!;
      for (let i = 0; i < length - 8; i++) server[i] = bytes[at + 8 + i]!;
    }
    const b = this.parsed;
    for (let i = 0; i < (family === 4 ? 4 : 16); i++) b[i] = source[offset + i]!;
    return this.check(settings, family === 4 ? this.v4 : this.mappedToV4(), client, server) === VALID;
  }

  /** The COOKIE option `stampWire` wrote last. */
  get replyOption(): Uint8Array {
    return this.option;
  }

  /** Check `cookie` from `address`, count it, and write the reply's COOKIE option into `edns`. */
  private stamp(settings: CookieSettings, remoteAddress: string, cookie: Cookie, edns: ResponseEdns): CookieVerdict {
    const address = this.clientAddress(remoteAddress);
    if (address === undefined) return NO_ADDRESS;
    const verdict = this.check(settings, address, cookie.client, cookie.server);
    edns.cookie = this.option;
    return verdict;
  }

  /** Whether `server` is ours for `client` at `address`; counted; our cookie written to `option`. */
  private check(settings: CookieSettings, address: Uint8Array, client: Uint8Array, server: Uint8Array | undefined): CookieVerdict {
    const now = this.clock === undefined ? clockSeconds : Math.floor(this.clock() / 1000);
    this.secrets.update(settings, now);
    const keys = this.secrets.keys;
    let valid = false;
    let reuse = false;
    if (server !== undefined) {
      const age = cookieAge(server, now);
      if (inWindow(age)) {
        for (let i = 0; i < keys.length; i++) {
          if (madeWith(keys[i]!, client, server, address)) {
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
    option.set(client, 0);
    if (reuse) option.set(server!, 8);
    else writeServerCookie(keys[0]!, client, address, now, option, 8);
    return valid ? VALID : NOT_VALID;
  }

  /** The client's address as the octets the hash takes (an IPv4-mapped IPv6 address as IPv4). */
  private clientAddress(text: string): Uint8Array | undefined {
    const family = parseScopedAddressInto(text, this.parsed);
    if (family === 4) return this.v4;
    return family === 6 ? this.mappedToV4() : undefined;
  }

  /** `parsed` holds an IPv6 address: its IPv4 view when it is IPv4-mapped, else the IPv6 one. */
  private mappedToV4(): Uint8Array {
    const b = this.parsed;
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
