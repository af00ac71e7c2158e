import { formatIPv4, formatIPv6 } from "@dnsteer/net";
import type { Peer } from "../core/handler.js";

/** Distinct IPv4 sources whose text is kept; past it the cache starts over (a scan cannot grow it). */
const CACHE_LIMIT = 65_536;

/**
 * The one Peer object a batch listener hands the responder for every query (handlers never keep
 * ctx.remote), filled from the ring's address bytes. IPv4 text is cached by the address as a
 * number, so a resolver that asks again costs no string; IPv6 text is formatted per query.
 */
export class RingPeer {
  readonly peer: Peer = { address: "", port: 0, family: 4 };
  private readonly v4Text = new Map<number, string>();

  fill(bytes: Uint8Array, addressOffset: number, family: 4 | 6, port: number): Peer {
    const peer = this.peer;
    peer.port = port;
    peer.family = family;
    if (family === 6) {
      peer.address = formatIPv6(bytes, addressOffset);
      return peer;
    }
    const key =
      ((bytes[addressOffset]! << 24) | (bytes[addressOffset + 1]! << 16) | (bytes[addressOffset + 2]! << 8) | bytes[addressOffset + 3]!) >>>
      0;
    let text = this.v4Text.get(key);
    if (text === undefined) {
      if (this.v4Text.size >= CACHE_LIMIT) this.v4Text.clear();
      text = formatIPv4(bytes, addressOffset);
      this.v4Text.set(key, text);
    }
    peer.address = text;
    return peer;
  }
}
