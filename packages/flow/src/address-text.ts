import { parseScopedAddressInto } from "@dnsteer/net";
import { keyFromAddressBytes } from "./address-bytes.js";
import type { SourceKey } from "./source-key.js";

const scratch = new Uint8Array(16); // parse scratch: no allocation per call

/**
 * `out` := the address text as a full-length key (what `dgram` gives as `rinfo.address`; an
 * IPv6 `%zone` is ignored). IPv4-mapped IPv6 becomes IPv4. Returns false (leaving `out`
 * unspecified) for anything that is not an address.
 */
export function keyFromAddressText(out: SourceKey, text: string): boolean {
  const family = parseScopedAddressInto(text, scratch);
  if (family === 0) return false;
  keyFromAddressBytes(out, scratch, 0, family === 4 ? 4 : 16);
  return true;
}
