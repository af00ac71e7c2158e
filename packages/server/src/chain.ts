import type { Handler } from "./core/handler.js";
import { minimalAny } from "./plugins/any/index.js";
import { cache } from "./plugins/cache/index.js";
import { chaos } from "./plugins/chaos/index.js";
import { classFilter } from "./plugins/class/index.js";
import { cookies, DnsCookies } from "./plugins/cookies/index.js";
import { ednsVersion } from "./plugins/edns-version/index.js";
import { type FlowService, flowRecorder } from "./plugins/flow/index.js";
import { ResponseRateLimiter, rrl } from "./plugins/rrl/index.js";

export { type CookieStats, cookiesForProblemReplies, DnsCookies } from "./plugins/cookies/index.js";
export { ResponseRateLimiter, type RrlStats, rrlForProblemReplies } from "./plugins/rrl/index.js";

import { type SteeringService, steer } from "./plugins/steer/index.js";
import { type TransferService, xfr, zoneTransfers } from "./plugins/xfr/index.js";
import { zones } from "./plugins/zones/index.js";

/** Long-lived services some handlers need; each absent one leaves its handler out. */
export interface ChainServices {
  flow?: FlowService;
  steering?: SteeringService;
  transfers?: TransferService;
  /** Response rate limiting's table and counters; by default a new one (settings turn it off). */
  rateLimiter?: ResponseRateLimiter;
  /** DNS Cookies' secrets and counters; by default a new one (settings turn it off). */
  cookies?: DnsCookies;
}

/**
 * The handler chain, in order (this file is our plugin.cfg). Protocol checks come first,
 * then special classes and types, then the flow tap and steering, then answers from zones.
 * Rate limiting comes first: it acts on the finished response (as BIND and Knot apply it), so
 * it wraps everything after it. Cookies next: every later reply carries ours, and rate limiting
 * learns on the way back whether the query proved its address.
 */
export function buildChain(services: ChainServices = {}): Handler[] {
  // fast-lane/fast-lane.ts answers template hits on the batch path as this chain would: a new
  // handler that acts on such answers (zone or steered, over UDP) must be mirrored there.
  return [
    rrl(services.rateLimiter ?? new ResponseRateLimiter()), // UDP response rate limiting (drop, or TC=1 slip)
    cookies(services.cookies ?? new DnsCookies()), //  RFC 7873/9018: our cookie in every reply; BADCOOKIE if required
    ednsVersion, //                                  RFC 6891 BADVERS
    services.transfers ? zoneTransfers(services.transfers) : xfr, // AXFR/IXFR by each zone's ACL and TSIG; without transfers NOTIMP (UDP) / REFUSED (TCP)
    chaos, //                                        CH TXT version.bind / id.server
    classFilter, //                                  REFUSED for classes other than IN
    ...(services.flow ? [flowRecorder(services.flow)] : []), // count sources of steered names
    ...(services.steering ? [steer(services.steering)] : []), // A/AAAA of steered names: the chosen provider's addresses
    minimalAny, //                                   RFC 8482 ANY over UDP
    cache, //                                        pre-encoded answers (looks up and fills on a miss)
    zones, //                                        RFC 1034 lookup, encoded per query (reached only without the cache)
  ];
}
