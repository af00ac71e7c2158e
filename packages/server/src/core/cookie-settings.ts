/**
 * DNS Cookies (RFC 7873, server cookies per RFC 9018). A query with a client cookie gets our
 * server cookie back; a query that returns a valid one proves its address (rate limiting lets
 * it through).
 */
export interface CookieSettings {
  enabled: boolean;
  /**
   * Server secrets, 32 hex digits each: the first makes cookies, every one is accepted, so a
   * rollover is: add the new one first, reload, drop the old one an hour later (RFC 9018 4.4).
   * Servers of one anycast address share them. Empty: a random secret per process.
   */
  secrets: readonly string[];
  /** With no `secrets`: how often the random secret is replaced (the previous one is still accepted until the next). */
  secretLifetimeSeconds: number;
  /** Answer a UDP query without a valid server cookie with BADCOOKIE and a fresh cookie (BIND's require-server-cookie). */
  requireForUdp: boolean;
}

/** On, as BIND answers cookies by default; not required (BIND, Knot); a random secret replaced daily. */
export const defaultCookieSettings: CookieSettings = {
  enabled: true,
  secrets: [],
  secretLifetimeSeconds: 86_400,
  requireForUdp: false,
};
