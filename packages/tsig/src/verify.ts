import { algorithmOfName, type TsigKey, type TsigKeyring } from "./keys.js";
import { findTsig, type TsigRecord } from "./record.js";
import { computeMac, type MacInput, macMatches, TsigRcode, unsignedPart } from "./sign.js";

/** Why a signed message is not accepted, as the TSIG Error field says it. */
export type TsigVerdict =
  | { kind: "unsigned" }
  | { kind: "ok"; key: TsigKey; record: TsigRecord }
  /** BADKEY/BADSIG (answered unsigned) or BADTIME (answered signed: `key` is known). */
  | { kind: "bad"; error: number; record: TsigRecord; key?: TsigKey };

/**
 * Check a message's TSIG (RFC 8945 5.2): known key with the same algorithm (else BADKEY), MAC
 * (else BADSIG), then time within fudge of `now` (else BADTIME). Throws TsigError MALFORMED
 * for a record out of place (the caller answers FORMERR).
 */
export function verifyTsig(msg: Uint8Array, keys: TsigKeyring, now: number, input: MacInput = {}): TsigVerdict {
  const found = findTsig(msg);
  if (!found) return { kind: "unsigned" };
  const { record } = found;
  const key = keys.get(record.keyName);
  if (!key || algorithmOfName(record.algorithm) !== key.algorithm) return { kind: "bad", error: TsigRcode.BADKEY, record };
  const expected = computeMac(key, unsignedPart(msg, found.start, record.originalId), record, input);
  if (!macMatches(expected, record.mac)) return { kind: "bad", error: TsigRcode.BADSIG, record };
  if (Math.abs(now - record.timeSigned) > record.fudge) return { kind: "bad", error: TsigRcode.BADTIME, record, key };
  return { kind: "ok", key, record };
}
