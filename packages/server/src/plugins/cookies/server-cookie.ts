import { type SipKey, siphash24 } from "./siphash.js";

/**
 * Interoperable server cookies (RFC 9018): Version (1) | Reserved (3) | Timestamp (4, seconds,
 * big-endian, serial arithmetic) | Hash (8), where Hash = SipHash-2-4 under the server secret
 * of Client Cookie | Version | Reserved | Timestamp | Client IP (4 or 16 octets). Any server
 * holding the secret can check a cookie another made (anycast), and the Reserved octets a
 * cookie came with are hashed as they are (RFC 9018 A.3).
 */
export const SERVER_COOKIE_LENGTH = 16;
/** A cookie older than this is no longer accepted (RFC 9018 4.3). */
export const MAX_AGE_SECONDS = 3600;
/** Nor one stamped further ahead than this (clock skew between anycast servers). */
export const MAX_AHEAD_SECONDS = 300;
/** A valid cookie younger than this is sent back as it is; an older one is renewed. */
export const RENEW_AFTER_SECONDS = 1800;

const input = new Uint8Array(8 + 8 + 16); // client cookie | version, reserved, timestamp | address
const tag = new Uint8Array(8);

/** Write our server cookie for `client` at `address` (4 or 16 octets) stamped `now` to `out[at..at+16)`. */
export function writeServerCookie(key: SipKey, client: Uint8Array, address: Uint8Array, now: number, out: Uint8Array, at: number): void {
  out[at] = 1;
  out[at + 1] = 0;
  out[at + 2] = 0;
  out[at + 3] = 0;
  out[at + 4] = (now >>> 24) & 0xff;
  out[at + 5] = (now >>> 16) & 0xff;
  out[at + 6] = (now >>> 8) & 0xff;
  out[at + 7] = now & 0xff;
  const len = fillInput(client, out, at, address);
  siphash24(key, input, 0, len, out, at + 8);
}

/** Seconds since `server`'s timestamp (negative: ahead of us), modulo 2^32 (RFC 1982). */
export function cookieAge(server: Uint8Array, now: number): number {
  const stamp = ((server[4]! << 24) | (server[5]! << 16) | (server[6]! << 8) | server[7]!) >>> 0;
  return (now - stamp) | 0;
}

/** Whether the cookie's age is inside the window: at most an hour old, at most five minutes ahead. */
export function inWindow(age: number): boolean {
  return age <= MAX_AGE_SECONDS && age >= -MAX_AHEAD_SECONDS;
}

/** Whether `server` is a version-1 cookie that `key` made for `client` at `address`. The window is the caller's. */
export function madeWith(key: SipKey, client: Uint8Array, server: Uint8Array, address: Uint8Array): boolean {
  if (server.length !== SERVER_COOKIE_LENGTH || server[0] !== 1) return false;
  const len = fillInput(client, server, 0, address);
  siphash24(key, input, 0, len, tag, 0);
  // Every octet compared, whatever the first difference: no timing hint of how much matched.
  let diff = 0;
  for (let i = 0; i < 8; i++) diff |= tag[i]! ^ server[8 + i]!;
  return diff === 0;
}

function fillInput(client: Uint8Array, head: Uint8Array, at: number, address: Uint8Array): number {
  for (let i = 0; i < 8; i++) input[i] = client[i]!; // a loop, not subarray(): no view allocated
  for (let i = 0; i < 8; i++) input[8 + i] = head[at + i]!;
  input.set(address, 16);
  return 16 + address.length;
}
